//! The classroom's pages: plain HTML and CSS rendered on the server from a side's
//! [`SideView`] (the one read model every front-end renders), and a few lines of script
//! that swap in what the server sends over the WebSocket.

use std::fmt::Write;

use crate::game::{Controller, Game};
use crate::narrate;
use crate::scenario::schema::ChannelKind;
use crate::sim::actions::grammar::SPECS;

/// Text made safe for HTML (element content and quoted attributes).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1d2430; --muted: #4d5869; --line: #c9d1dc; --accent: #1f5c99; --warn: #8a1f11; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
header.top { background: #17324f; color: #fff; padding: .6rem 1rem; }
header.top h1 { font-size: 1.15rem; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 1rem; }
h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
.muted { color: var(--muted); }
.flash { padding: .5rem .75rem; border-radius: 4px; background: #e4eefa; border: 1px solid #9dbbe0; }
.flash.bad { background: #fbe9e6; border-color: #e0a79d; color: var(--warn); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
.ladder span { display: inline-block; width: 1.1rem; height: .8rem; margin-right: 2px; background: #dde3ea; border-radius: 2px; }
.ladder span.on { background: #b5401f; }
form.cmd { display: flex; gap: .5rem; flex-wrap: wrap; }
input[type=text], select { font: inherit; padding: .4rem .5rem; border: 1px solid #8b96a6; border-radius: 4px; min-width: 12rem; }
select { max-width: 18rem; }
td.who { min-width: 14rem; }
input[type=text].wide { flex: 1; }
button { font: inherit; padding: .4rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
button.plain { background: #fff; color: var(--accent); }
button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
ol.log { padding-left: 1.2rem; margin: 0; max-height: 26rem; overflow-y: auto; }
ol.log li.private { color: #3b2a6b; }
code { background: #eef1f5; padding: 0 .25rem; border-radius: 3px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
"#;

/// A whole page.
pub fn page(title: &str, body: &str, script: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{}</title><style>{STYLE}</style></head><body>\
<header class=\"top\"><h1>Back Channel — {}</h1></header><main>{body}</main>{}</body></html>",
        esc(title),
        esc(title),
        if script.is_empty() {
            String::new()
        } else {
            format!("<script>{script}</script>")
        }
    )
}

/// The page a student opens first: the class code and a name.
pub fn join_page(error: Option<&str>) -> String {
    let err = error
        .map(|e| format!("<p class=\"flash bad\" id=\"error\">{}</p>", esc(e)))
        .unwrap_or_default();
    page(
        "join your class",
        &format!(
            "<section><h2>Join your class</h2>{err}\
<form method=\"post\" action=\"/join\" class=\"cmd\">\
<label>Class code <input type=\"text\" name=\"code\" id=\"code\" autocomplete=\"off\" maxlength=\"72\" required autofocus></label>\
<label>Your name <input type=\"text\" name=\"name\" id=\"name\" maxlength=\"40\" required></label>\
<button type=\"submit\" id=\"join\">Join</button></form>\
<p class=\"muted\">Your instructor gives you the code. You are seated at a table on one side; keep the page's address to come back to your seat.</p></section>"
        ),
        "",
    )
}

/// The page of one seat: the table arrives over a WebSocket and is swapped in.
pub fn seat_page(table: usize, party: usize, token: &str, mediator: bool) -> String {
    let script = format!(
        r#"const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/seat/{table}/{party}?token={token}");
const view = document.getElementById("view"), flash = document.getElementById("flash");
ws.onmessage = (m) => {{ const d = JSON.parse(m.data); if (d.view !== undefined) view.innerHTML = d.view;
  if (d.flash) {{ flash.textContent = d.flash; flash.className = d.ok ? "flash" : "flash bad"; flash.hidden = false; }} }};
ws.onclose = () => {{ flash.textContent = "Connection lost: reload the page to come back to your seat."; flash.className = "flash bad"; flash.hidden = false; }};
document.getElementById("cmd").onsubmit = (e) => {{ e.preventDefault(); const i = document.getElementById("line");
  if (i.value.trim()) ws.send(JSON.stringify({{cmd: i.value}})); i.value = ""; }};
document.getElementById("end").onclick = () => ws.send(JSON.stringify({{cmd: "end"}}));"#,
        token = esc(token)
    );
    let hint = if mediator {
        "propose ISSUE=OPTION ... pay PARTY=AMOUNT ..."
    } else {
        "a move from the list below, e.g. message CHANNEL or probe CHANNEL"
    };
    page(
        "your table",
        &format!(
            "<p id=\"flash\" class=\"flash\" role=\"status\" hidden></p>\
<section><form id=\"cmd\" class=\"cmd\"><label for=\"line\">Your move</label>\
<input type=\"text\" id=\"line\" class=\"wide\" autocomplete=\"off\" maxlength=\"300\" placeholder=\"{hint}\">\
<button type=\"submit\" id=\"send\">Do it</button><button type=\"button\" class=\"plain\" id=\"end\">End turn</button></form></section>\
<div id=\"view\"><section>Connecting…</section></div>"
        ),
        &script,
    )
}

/// The opening of a seat's status section: the scenario and the clock, who the seat is
/// (`who`, already HTML) and the status line.
fn status_head(
    scen: &crate::scenario::Scenario,
    turn: u32,
    deadline: u32,
    who: &str,
    status: &str,
) -> String {
    format!(
        "<section id=\"status\"><h2>{} — {} (turn {turn} of {deadline})</h2><p>{who} {}</p>",
        esc(&scen.title),
        esc(&scen.label(turn)),
        esc(status)
    )
}

/// The start of the escalation ladder's paragraph: its label and one box per rung.
fn ladder(level: u32, war_at: u32) -> String {
    let boxes: String = (0..=war_at)
        .map(|i| {
            if i <= level {
                "<span class=\"on\"></span>"
            } else {
                "<span></span>"
            }
        })
        .collect();
    format!("<p class=\"ladder\" aria-label=\"escalation {level} of {war_at}\">Escalation: {boxes}")
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// What one side sees of its table, as HTML: built from that side's view and the
/// scenario's public facts and this side's own briefing only.
pub fn seat_view(game: &Game, side: usize, status: &str, revealed: bool) -> String {
    let scen = game.scenario();
    let v = game.view(side);
    let me = &scen.parties[side];
    let mut h = status_head(
        scen,
        v.turn,
        v.deadline,
        &format!("You lead <strong>{}</strong>.", esc(&me.name)),
        status,
    );
    h.push_str(&ladder(v.escalation, v.war_at));
    let _ = write!(
        h,
        " {} · Action points {} · Support {} · Credibility {}</p></section>",
        esc(&narrate::rung(scen, v.escalation)),
        v.points,
        pct(v.standing.domestic_support),
        pct(v.standing.credibility)
    );
    if let Some(o) = &v.outcome {
        let _ = write!(
            h,
            "<section id=\"outcome\"><h2>Game over</h2><p>{}{}</p></section>",
            esc(&narrate::outcome_name(scen, Some(o.kind))),
            if o.ratified { ", ratified" } else { "" }
        );
    }
    if v.rumour && !v.finished {
        h.push_str("<section><p class=\"flash bad\">A rumour about your secret talks is circulating: you may <code>deny</code> or <code>confirm CHANNEL</code>.</p></section>");
    }
    h.push_str("<div class=\"grid\"><section id=\"channels\"><h2>Channels</h2><table><tr><th>#</th><th>channel</th><th>kind</th><th>trust</th><th>leak/turn</th><th>status</th></tr>");
    for (n, cv) in v.channels.iter().enumerate() {
        let ch = &cv.channel;
        let kind = match ch.kind {
            ChannelKind::Official => "official",
            ChannelKind::BackDirect => "back",
            ChannelKind::BackMediated => "back, mediated",
        };
        let _ = write!(
            h,
            "<tr><td>[{}]</td><td><code>{}</code><br><span class=\"muted\">{} ↔ {}{}</span></td><td>{kind}, {:?}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n + 1,
            esc(&ch.id),
            esc(&scen.negotiators[ch.ends[0]].name),
            esc(&scen.negotiators[ch.ends[1]].name),
            ch.via
                .map(|m| format!(" via {}", esc(&scen.intermediaries[m].name)))
                .unwrap_or_default(),
            narrate::medium_name(ch.medium),
            pct(ch.trust),
            if ch.is_back() && cv.hazard > 0.0 {
                pct(cv.hazard)
            } else {
                "–".into()
            },
            narrate::status_name(ch.status)
        );
    }
    h.push_str("</table></section><section id=\"stakeholders\"><h2>Your stakeholders</h2><table><tr><th>group</th><th>influence</th><th>knows</th><th>anger</th></tr>");
    for s in &v.stakeholders {
        let def = &scen.stakeholders[s.index];
        let _ = write!(
            h,
            "<tr><td>{} <span class=\"muted\">(<code>{}</code>)</span>{}</td><td>{}</td><td>{:?}</td><td>{}</td></tr>",
            esc(&def.name),
            esc(&def.id),
            if s.vetoed { " — veto threat" } else { "" },
            pct(s.influence),
            s.awareness,
            pct(s.anger)
        );
    }
    h.push_str("</table></section></div>");
    let offers: Vec<_> = v.pending_offers().collect();
    if !offers.is_empty() || v.deal.is_some() || !v.proposals.is_empty() {
        h.push_str("<section id=\"offers\"><h2>On the table</h2><ul>");
        for p in &v.proposals {
            let (head, clauses) = narrate::proposal_for(
                scen,
                side,
                p,
                v.channel_id(p.channel),
                v.their_offer_waits(p.channel),
            );
            let _ = write!(h, "<li>{}: {}</li>", esc(&head), esc(&clauses));
        }
        for o in offers {
            let pkg = o.package(scen.issues.len());
            let id = v.channel_id(o.channel);
            let _ = write!(
                h,
                "<li>{} on <code>{}</code> (worth {} to you): {}</li>",
                if o.from == side {
                    "Your offer"
                } else {
                    "Their offer"
                },
                esc(id),
                pct(scen.package_utility(side, &pkg)),
                esc(&narrate::describe_clauses(scen, &o.clauses))
            );
        }
        if let Some(d) = &v.deal {
            let _ = write!(
                h,
                "<li><strong>Agreed deal</strong>{}: {}</li>",
                if d.signed_turn.is_some() {
                    " (signed)"
                } else {
                    " (unsigned: either side may <code>sign</code>)"
                },
                esc(&narrate::describe_clauses(scen, &d.clauses))
            );
        }
        h.push_str("</ul></section>");
    }
    // The player's own briefing, and the names and options they can type.
    let _ = write!(
        h,
        "<div class=\"grid\"><section id=\"briefing\"><h2>Your instructions</h2><p>{}</p><h2>Issues (value to you{})</h2><ul>",
        esc(&me.briefing),
        if v.intel.readings.is_some() {
            "; how they read it, from your probes"
        } else {
            ""
        }
    );
    for (ii, issue) in scen.issues.iter().enumerate() {
        let opts = issue
            .options
            .iter()
            .enumerate()
            .map(|(oi, o)| {
                let theirs = v
                    .intel
                    .readings
                    .as_ref()
                    .map(|r| format!(", they {}", narrate::reading_words(r[ii][oi])))
                    .unwrap_or_default();
                format!(
                    "<code>{}</code> ({}{theirs})",
                    esc(&o.id),
                    pct(o.utility[side])
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(h, "<li><code>{}</code>: {opts}</li>", esc(&issue.id));
    }
    let names = |p: usize| {
        scen.negotiators_of(p)
            .map(|n| format!("<code>{}</code>", esc(&scen.negotiators[n].id)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = write!(
        h,
        "</ul><p>Your negotiators: {}<br>Theirs: {}<br>Go-betweens: {}</p></section>",
        names(side),
        names(v.other),
        scen.intermediaries
            .iter()
            .map(|m| format!("<code>{}</code>", esc(&m.id)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    h.push_str("<section id=\"actions\"><h2>Moves</h2><table>");
    for spec in SPECS.iter().filter(|s| scen.allows(s.kind)) {
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td>{} AP</td><td>{}</td></tr>",
            esc(&spec.usage()),
            spec.kind.cost(),
            esc(spec.help)
        );
    }
    h.push_str("</table></section></div>");
    // What this side knows happened, newest first.
    h.push_str("<section id=\"log\"><h2>What you know happened</h2><ol class=\"log\" reversed>");
    let who = if revealed { None } else { Some(side) };
    let entries = narrate::transcript(scen, game.chronicle(), who);
    log_items(&mut h, entries.iter().rev());
    h.push_str("</ol></section>");
    h
}

/// What the mediator's seat sees of its table, as HTML: built from the mediator's view
/// (the public record and the tables it hosts) and its own instructions.
pub fn mediator_view(game: &Game, status: &str, revealed: bool) -> String {
    let scen = game.scenario();
    let v = game.mediator_view();
    let name = narrate::mediator_name(scen);
    let mut h = status_head(
        scen,
        v.turn,
        v.deadline,
        &format!("You are <strong>{}</strong>, the mediator.", esc(name)),
        status,
    );
    h.push_str(&ladder(v.escalation, v.war_at));
    let _ = write!(
        h,
        " {} · Budget left {:.3}</p>",
        esc(&narrate::rung(scen, v.escalation)),
        v.budget_left
    );
    match &v.refusal {
        None => h.push_str("<p>You may put a proposal this turn.</p></section>"),
        Some(r) if !v.finished => {
            let _ = write!(
                h,
                "<p class=\"muted\">No proposal this turn: {}.</p></section>",
                esc(&narrate::refusal(scen, r))
            );
        }
        Some(_) => h.push_str("</section>"),
    }
    if let Some(o) = &v.outcome {
        let _ = write!(
            h,
            "<section id=\"outcome\"><h2>Game over</h2><p>{}{}</p><p>{}</p></section>",
            esc(&narrate::outcome_name(scen, Some(o.kind))),
            if o.ratified { ", ratified" } else { "" },
            esc(&crate::debrief::MediatorDebrief::of(game).text(scen))
        );
    }
    h.push_str("<div class=\"grid\"><section id=\"channels\"><h2>Tables you see</h2><table><tr><th>channel</th><th>kind</th><th>status</th></tr>");
    for cv in &v.channels {
        let ch = &cv.channel;
        let _ = write!(
            h,
            "<tr><td><code>{}</code><br><span class=\"muted\">{} ↔ {}</span></td><td>{}</td><td>{}</td></tr>",
            esc(&ch.id),
            esc(&scen.negotiators[ch.ends[0]].name),
            esc(&scen.negotiators[ch.ends[1]].name),
            if ch.is_back() {
                "hosted by you"
            } else {
                "official"
            },
            narrate::status_name(ch.status)
        );
    }
    h.push_str("</table></section><section id=\"positions\"><h2>What each side has said in public</h2><ul>");
    for (p, pos) in v.positions.iter().enumerate() {
        let _ = write!(
            h,
            "<li><strong>{}</strong>: {}</li>",
            esc(&scen.parties[p].name),
            esc(&narrate::stated(scen, &pos.option))
        );
    }
    h.push_str("</ul></section></div>");
    let pending: Vec<_> = v
        .offers
        .iter()
        .filter(|o| o.status == crate::sim::components::OfferStatus::Pending)
        .collect();
    if !pending.is_empty() || !v.proposals.is_empty() || v.deal.is_some() {
        h.push_str("<section id=\"offers\"><h2>On the table</h2><ul>");
        for p in v.proposals.iter().rev().take(3).rev() {
            let _ = write!(
                h,
                "<li>Your proposal of turn {} ({}): {}<br><span class=\"muted\">{}</span></li>",
                p.turn,
                narrate::offer_status_name(p.status),
                esc(&narrate::describe_clauses(scen, &p.clauses)),
                esc(&narrate::proposal_answers(scen, p, &v.events))
            );
        }
        for o in pending {
            let _ = write!(
                h,
                "<li>{}'s offer on <code>{}</code>: {}</li>",
                esc(&scen.parties[o.from].name),
                esc(v.channel_id(o.channel)),
                esc(&narrate::describe_clauses(scen, &o.clauses))
            );
        }
        if let Some(d) = &v.deal {
            let _ = write!(
                h,
                "<li><strong>Agreed deal</strong>: {}</li>",
                esc(&narrate::describe_clauses(scen, &d.clauses))
            );
        }
        h.push_str("</ul></section>");
    }
    let md = scen.mediator.as_ref();
    let _ = write!(
        h,
        "<div class=\"grid\"><section id=\"briefing\"><h2>Your instructions</h2><p>{}</p><h2>Issues (your own interest; how each side reads it)</h2><ul>",
        esc(md.map_or("", |m| m.description.as_str()))
    );
    for (ii, issue) in scen.issues.iter().enumerate() {
        let opts = issue
            .options
            .iter()
            .enumerate()
            .map(|(oi, o)| {
                format!(
                    "<code>{}</code> ({})",
                    esc(&o.id),
                    esc(&narrate::mediator_reading(scen, &v, ii, oi))
                )
            })
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = write!(h, "<li><code>{}</code>:<br>{opts}</li>", esc(&issue.id));
    }
    let _ = write!(
        h,
        "</ul></section><section id=\"actions\"><h2>Moves</h2><p><code>{}</code></p><p>Put a package to both sides; they answer it on the table where you speak. <code>pay</code> promises a side an amount from your budget, paid only if the deal is ratified. Parties: {}.</p></section></div>",
        esc(crate::sim::actions::grammar::PROPOSE_USAGE),
        scen.parties
            .iter()
            .map(|p| format!("<code>{}</code>", esc(&p.id)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    h.push_str("<section id=\"log\"><h2>What you know happened</h2><ol class=\"log\" reversed>");
    let chron = game.chronicle();
    let entries: Vec<narrate::Entry> = if revealed {
        narrate::transcript(scen, chron, None)
    } else {
        v.events
            .iter()
            .map(|e| narrate::entry(scen, chron, e))
            .collect()
    };
    log_items(&mut h, entries.iter().rev());
    h.push_str("</ol></section>");
    h
}

/// Transcript entries as list items (private ones marked), random draws left out.
fn log_items<'a>(h: &mut String, entries: impl Iterator<Item = &'a narrate::Entry>) {
    for e in entries.filter(|e| e.kind != narrate::EntryKind::Draw) {
        let _ = write!(
            h,
            "<li{}>T{} {}</li>",
            if e.private { " class=\"private\"" } else { "" },
            e.turn,
            esc(&e.text)
        );
    }
}

/// Each side's transcript in a column of its own (the debrief's reveal).
pub fn side_by_side(game: &Game) -> String {
    let scen = game.scenario();
    let mut h = String::from("<div class=\"cols\">");
    for (p, party) in scen.parties.iter().enumerate() {
        let _ = write!(
            h,
            "<div><h3>What {} saw</h3><ol class=\"log\">",
            esc(&party.name)
        );
        log_items(
            &mut h,
            narrate::transcript(scen, game.chronicle(), Some(p)).iter(),
        );
        h.push_str("</ol></div>");
    }
    h.push_str("</div>");
    h
}

/// The instructor's page: the room arrives over a WebSocket; buttons send commands.
pub fn teacher_page(key: &str) -> String {
    let script = format!(
        r#"const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/teacher?key={key}");
const room = document.getElementById("room"), flash = document.getElementById("flash");
ws.onmessage = (m) => {{ const d = JSON.parse(m.data); if (d.view !== undefined) room.innerHTML = d.view;
  if (d.flash) {{ flash.textContent = d.flash; flash.className = d.ok ? "flash" : "flash bad"; flash.hidden = false; }} }};
ws.onclose = () => {{ flash.textContent = "Connection lost: reload the page."; flash.className = "flash bad"; flash.hidden = false; }};
function op(o) {{ ws.send(JSON.stringify(o)); }}
document.addEventListener("click", (e) => {{ const b = e.target.closest("button[data-op]"); if (!b) return;
  const o = {{op: b.dataset.op}}; if (b.dataset.table) o.table = +b.dataset.table;
  if (o.op === "inject") o.event = +document.getElementById("event-" + o.table).value;
  if (o.op === "press") o.headline = document.getElementById("press-" + o.table).value;
  op(o); }});"#,
        key = esc(key)
    );
    page(
        "the instructor's room",
        &format!(
            "<p id=\"flash\" class=\"flash\" role=\"status\" hidden></p>\
<section><button data-op=\"pause\" id=\"pause\">Pause the room</button> <button data-op=\"resume\" id=\"resume\" class=\"plain\">Resume</button> \
<button data-op=\"reveal\" id=\"reveal\" class=\"plain\">Reveal transcripts</button> <button data-op=\"end\" id=\"end-class\" class=\"plain\">End the class</button> \
<a href=\"/teacher/results.json?key={}\" id=\"download\" download=\"results.json\">Download all results</a></section>\
<div id=\"room\"><section>Connecting…</section></div>",
            esc(key)
        ),
        &script,
    )
}

/// The instructor's view of the room: every table live, with the levers for each.
pub fn room_view(room: &super::room::Room) -> String {
    let sw = room.switches();
    let scen = &room.scenario;
    let mut h = String::new();
    let _ = write!(
        h,
        "<section><h2>{} · class <code>{}</code></h2><p>{}. {}{}{}</p><p class=\"muted\">Students open this server's address and enter the code; results go to <code>{}</code>.</p></section>",
        esc(&scen.title),
        esc(&room.code.to_string()),
        esc(&room.code.describe(scen)),
        if sw.paused {
            "<strong>Paused.</strong> "
        } else {
            ""
        },
        if sw.ended {
            "<strong>The class has ended.</strong> "
        } else {
            ""
        },
        if sw.revealed {
            "Transcripts revealed."
        } else {
            ""
        },
        esc(&room.results_dir().display().to_string())
    );
    let tables = room.tables();
    if tables.is_empty() {
        h.push_str("<section id=\"tables\"><p>No tables yet: students are seated as they join.</p></section>");
        return h;
    }
    h.push_str("<section id=\"tables\"><table><tr><th>table</th><th>players</th><th>turn</th><th>escalation</th><th>channels</th><th>leaks</th><th>deal</th><th>levers</th></tr>");
    let events: String = scen
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.epilogue)
        .map(|(i, e)| {
            let text: String = e.text.chars().take(60).collect();
            format!("<option value=\"{i}\">{}: {}</option>", e.turn, esc(&text))
        })
        .collect();
    let mut reveals = String::new();
    for t in &tables {
        let t = t.lock().unwrap_or_else(|e| e.into_inner());
        let g = &t.game;
        let v = g.view(0);
        let players = scen
            .parties
            .iter()
            .enumerate()
            .map(|(p, party)| {
                let who = match (&g.controllers()[p], &t.seats[p]) {
                    (Controller::Human, Some(s)) => {
                        format!("{}{}", esc(&s.name), if t.done[p] { " ✓" } else { "" })
                    }
                    (Controller::Human, None) => "<em>empty seat</em>".into(),
                    (c, _) => esc(&crate::class::controller_name(*c)),
                };
                format!("{}: {who}", esc(&party.name))
            })
            .chain(scen.mediator.as_ref().map(|m| {
                let n = scen.parties.len();
                let who = match t.seats.get(n) {
                    Some(Some(s)) => {
                        format!("{}{}", esc(&s.name), if t.done[n] { " ✓" } else { "" })
                    }
                    Some(None) => "<em>empty seat</em>".into(),
                    None => "the computer".into(),
                };
                format!("{} (mediator): {who}", esc(&m.name))
            }))
            .collect::<Vec<_>>()
            .join("<br>");
        let world = g.world();
        let roster = world.resource::<crate::sim::components::Roster>();
        let chans: Vec<&crate::sim::components::Channel> = roster
            .channels
            .iter()
            .filter_map(|&e| world.get::<crate::sim::components::Channel>(e))
            .collect();
        let back = chans.iter().filter(|c| c.is_back()).count();
        let leaks = g.chronicle().leaks().count();
        let deal = match (g.outcome(), &v.deal) {
            (Some(o), _) => format!(
                "over: {}{}",
                narrate::outcome_name(g.scenario(), Some(o.kind)).to_lowercase(),
                if o.ratified { ", ratified" } else { "" }
            ),
            (None, Some(d)) if d.signed_turn.is_some() => "signed".into(),
            (None, Some(_)) => "agreed, unsigned".into(),
            (None, None) => "none yet".into(),
        };
        let i = t.index;
        let _ = write!(
            h,
            "<tr id=\"table-{}\"><td>{}</td><td class=\"who\">{players}</td><td>{} of {}</td><td>{} of {}</td><td>{} ({back} back)</td><td>{leaks}</td><td>{}</td>\
<td><select id=\"event-{i}\" aria-label=\"scenario event for {}\">{events}</select> <button data-op=\"inject\" data-table=\"{i}\" class=\"plain\">Fire</button><br>\
<input type=\"text\" id=\"press-{i}\" maxlength=\"280\" placeholder=\"press story\" aria-label=\"press story for {}\"> <button data-op=\"press\" data-table=\"{i}\" class=\"plain\">Publish</button></td></tr>",
            i + 1,
            esc(&t.name),
            g.turn(),
            scen.deadline,
            v.escalation,
            v.war_at,
            chans.len(),
            esc(&deal),
            esc(&t.name),
            esc(&t.name),
        );
        if sw.revealed {
            let _ = write!(
                reveals,
                "<section class=\"reveal\"><h2>{} — both sides' transcripts</h2>{}</section>",
                esc(&t.name),
                side_by_side(g)
            );
        }
    }
    h.push_str("</table></section>");
    h.push_str(&reveals);
    h
}
