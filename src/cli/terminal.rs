//! The terminal game: the state at a glance, numbered actions, help; works with
//! piped standard input as well as a keyboard.

use std::io::{BufRead, Write};

use backchannel::Game;
use backchannel::narrate;
use backchannel::report::Report;
use backchannel::scenario::Scenario;
use backchannel::scenario::schema::{ActionDef, ChannelKind};
use backchannel::sim::actions::grammar::{self, SPECS};
use backchannel::sim::components::*;
use backchannel::sim::events::EventKind;

/// Reads commands line by line; remembers when input has ended.
pub struct Input<R> {
    reader: R,
    pub closed: bool,
    /// A person at a terminal (their typing is already on screen).
    interactive: bool,
}

impl<R: BufRead> Input<R> {
    pub fn new(reader: R, interactive: bool) -> Self {
        Self {
            reader,
            closed: false,
            interactive,
        }
    }

    /// Next non-empty line, or None at end of input.
    pub fn line(&mut self, out: &mut dyn Write, prompt: &str) -> Option<String> {
        loop {
            if self.closed {
                return None;
            }
            let _ = write!(out, "{prompt}");
            let _ = out.flush();
            let mut s = String::new();
            match self.reader.read_line(&mut s) {
                Ok(0) | Err(_) => {
                    self.closed = true;
                    return None;
                }
                Ok(_) => {
                    if !self.interactive {
                        // Echo piped commands so a saved session reads like a dialogue.
                        let _ = writeln!(out, "{}", s.trim_end());
                    }
                    let t = s.trim();
                    if !t.is_empty() && !t.starts_with('#') {
                        return Some(t.to_string());
                    }
                }
            }
        }
    }
}

/// What the player chose to do with the rest of the turn.
#[derive(Debug, PartialEq, Eq)]
pub enum TurnEnd {
    EndTurn,
    Quit,
}

/// The list of actions with numbers, costs and what each does.
pub fn help(scen: &Scenario) -> String {
    let mut s = String::from("Actions (type the number or the word, then its arguments):\n");
    for (i, spec) in SPECS.iter().enumerate() {
        if !scen.allows(spec.kind) {
            continue;
        }
        // The media of the scenario's era only (no `digital` in 1962).
        let media = scen
            .media()
            .into_iter()
            .map(grammar::medium_word)
            .collect::<Vec<_>>()
            .join("|");
        s.push_str(&format!(
            "  {:>2}. {:<62} [{} AP] {}\n",
            i + 1,
            spec.usage().replace("face|courier|phone|digital", &media),
            spec.kind.cost(),
            spec.help
        ));
    }
    s.push_str("  Other: `state` shows the table again, `ids` lists every name you can use,\n");
    s.push_str("         `log` shows the whole transcript, `help`, `end`, `quit`.\n");
    s.push_str("  An action can also be written in script form, e.g. Meet(channel: \"x\").\n");
    s
}

fn pct(x: f64) -> String {
    format!("{:>3.0}%", x * 100.0)
}

/// The table as one side sees it (rendered from the simulation's view of that side).
pub fn state(game: &Game, side: usize) -> String {
    let scen = game.scenario();
    let v = game.view(side);
    let me = &scen.parties[side];
    let mut s = String::new();
    s.push_str(&format!(
        "\n=== {} — {} (turn {} of {}) — you lead {} ===\n",
        scen.title,
        scen.label(v.turn),
        v.turn,
        v.deadline,
        me.name
    ));
    let ladder: String = (0..=v.war_at)
        .map(|i| if i <= v.escalation { '#' } else { '.' })
        .collect();
    s.push_str(&format!(
        "Escalation [{ladder}] {}   Action points: {}   Support {}   Credibility {}\n",
        narrate::rung(scen, v.escalation),
        v.points,
        pct(v.standing.domestic_support).trim(),
        pct(v.standing.credibility).trim()
    ));
    s.push_str(
        "\nChannels                     kind        medium      trust  leak/turn  age  status\n",
    );
    for cv in &v.channels {
        let ch = &cv.channel;
        let ends = format!(
            "{} ↔ {}{}",
            scen.negotiators[ch.ends[0]].name,
            scen.negotiators[ch.ends[1]].name,
            ch.via
                .map(|m| format!(" via {}", scen.intermediaries[m].name))
                .unwrap_or_default()
        );
        let kind = match ch.kind {
            ChannelKind::Official => "official",
            ChannelKind::BackDirect => "back",
            ChannelKind::BackMediated => "back/med",
        };
        let risk = if ch.is_back() && ch.status == ChannelStatus::Open {
            pct(cv.hazard)
        } else {
            "   -".into()
        };
        s.push_str(&format!(
            "  {:<26} {:<11} {:<10} {}    {}    {:>3}  {}\n",
            ch.id,
            kind,
            narrate::medium_name(ch.medium),
            pct(ch.trust),
            risk,
            ch.age,
            narrate::status_name(ch.status)
        ));
        s.push_str(&format!(
            "      {ends}; {} privy + {} staff\n",
            ch.privy.len(),
            ch.staff
        ));
    }
    s.push_str("\nYour stakeholders             influence  awareness    anger\n");
    for h in &v.stakeholders {
        s.push_str(&format!(
            "  {:<28} {}       {:<12} {}{}\n",
            scen.stakeholders[h.index].id,
            pct(h.influence),
            format!("{:?}", h.awareness),
            pct(h.anger),
            if h.vetoed { "  (veto threat)" } else { "" }
        ));
    }
    for p in &v.proposals {
        let (head, clauses) = narrate::proposal_for(
            scen,
            side,
            p,
            v.channel_id(p.channel),
            v.their_offer_waits(p.channel),
        );
        s.push_str(&format!("\n{head}: {clauses}\n"));
    }
    for o in v.pending_offers() {
        let pkg = o.package(scen.issues.len());
        let who = if o.from == side {
            "Your offer"
        } else {
            "Their offer"
        };
        let id = v.channel_id(o.channel);
        s.push_str(&format!(
            "\n{who} on \"{id}\" (worth {} to you): {}\n",
            pct(scen.package_utility(side, &pkg)).trim(),
            narrate::describe_clauses(scen, &o.clauses)
        ));
    }
    if let Some(d) = &v.deal {
        s.push_str(&format!(
            "\nAgreed deal (unsigned): {}\n",
            narrate::describe_clauses(scen, &d.clauses)
        ));
    }
    if let Some(t) = v.intel.believed_type {
        s.push_str(&format!(
            "\nYour probes suggest the other side is a {} ({} consistent probe(s)); `ids` shows how it reads each option.\n",
            narrate::type_name(t),
            v.intel.probes
        ));
    }
    if v.rumour {
        s.push_str("\nA rumour about your secret talks is circulating: you may `deny` or `confirm CHANNEL`.\n");
    }
    s
}

/// Every id a player can type, grouped.
pub fn ids(game: &Game, side: usize) -> String {
    let scen = game.scenario();
    let mut s = String::new();
    s.push_str("Your negotiators: ");
    s.push_str(
        &scen
            .negotiators_of(side)
            .map(|n| {
                format!(
                    "{} ({:?})",
                    scen.negotiators[n].id, scen.negotiators[n].authority
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    s.push_str("\nTheir negotiators: ");
    s.push_str(
        &scen
            .negotiators_of(scen.other_party(side))
            .map(|n| scen.negotiators[n].id.clone())
            .collect::<Vec<_>>()
            .join(", "),
    );
    s.push_str("\nIntermediaries: ");
    s.push_str(
        &scen
            .intermediaries
            .iter()
            .map(|m| m.id.clone())
            .collect::<Vec<_>>()
            .join(", "),
    );
    s.push_str("\nYour stakeholders: ");
    s.push_str(
        &scen
            .stakeholders
            .iter()
            .filter(|h| h.party == side)
            .map(|h| h.id.clone())
            .collect::<Vec<_>>()
            .join(", "),
    );
    let readings = game.view(side).intel.readings;
    s.push_str(if readings.is_some() {
        "\nIssues and options (value to you; how they read it, from your probes):\n"
    } else {
        "\nIssues and options (value to you):\n"
    });
    for (ii, i) in scen.issues.iter().enumerate() {
        s.push_str(&format!("  {}: ", i.id));
        s.push_str(
            &i.options
                .iter()
                .enumerate()
                .map(|(oi, o)| {
                    let theirs = readings
                        .as_ref()
                        .map(|r| format!(", they {}", narrate::reading_words(r[ii][oi])))
                        .unwrap_or_default();
                    format!("{} ({:.0}%{theirs})", o.id, o.utility[side] * 100.0)
                })
                .collect::<Vec<_>>()
                .join(", "),
        );
        s.push('\n');
    }
    s
}

/// Parse one command into an action: the shared grammar's words, or an action in
/// script form (`Meet(channel: "x")`).
pub fn parse_command(line: &str) -> Result<ActionDef, String> {
    let line = line.trim();
    if line.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        return ron::from_str::<ActionDef>(line)
            .map_err(|e| format!("cannot read that action: {e}"));
    }
    grammar::parse(line)
}

/// Transcript lines new since `from`, as `side` may see them; returns the new cursor.
pub fn news(
    game: &Game,
    side: Option<usize>,
    from: usize,
    out: &mut dyn Write,
    show_draws: bool,
) -> usize {
    let chron = game.chronicle();
    let scen = game.scenario();
    for e in chron.events.iter().skip(from) {
        if !e.audience.admits(side) || (e.kind.is_draw() && !show_draws) {
            continue;
        }
        let entry = narrate::entry(scen, chron, e);
        let tag = format!("{:?}", entry.kind).to_lowercase();
        let _ = writeln!(out, "  [{} {:<14}] {}", entry.turn, tag, entry.text);
    }
    chron.events.len()
}

/// One human side's turn: read commands until the turn ends.
pub fn human_turn<R: BufRead>(
    game: &mut Game,
    side: usize,
    input: &mut Input<R>,
    out: &mut dyn Write,
    cursor: &mut usize,
) -> TurnEnd {
    *cursor = news(game, Some(side), *cursor, out, false);
    let _ = write!(out, "{}", state(game, side));
    if input.closed {
        return TurnEnd::EndTurn;
    }
    let _ = writeln!(out, "Type `help` for actions, `end` to end your turn.");
    loop {
        let prompt = format!("{}> ", game.scenario().parties[side].id);
        let Some(line) = input.line(out, &prompt) else {
            let _ = writeln!(out, "\n(input ended: your side waits from here on)");
            return TurnEnd::EndTurn;
        };
        match line.as_str() {
            "help" | "?" | "h" => {
                let _ = write!(out, "{}", help(game.scenario()));
            }
            "state" | "s" => {
                let _ = write!(out, "{}", state(game, side));
            }
            "ids" => {
                let _ = write!(out, "{}", ids(game, side));
            }
            "log" => {
                news(game, Some(side), 0, out, true);
            }
            "quit" | "q" | "exit" => return TurnEnd::Quit,
            _ => match parse_command(&line) {
                Err(e) => {
                    let _ = writeln!(out, "  ! {e}");
                }
                Ok(ActionDef::Wait) => return TurnEnd::EndTurn,
                Ok(action) => {
                    let before = game.chronicle().events.len();
                    let result = game.act(side, action);
                    let text = game.describe(side, &result);
                    match &result {
                        Ok(_) => {
                            let _ = writeln!(out, "  ✓ {text}");
                        }
                        Err(_) => {
                            let _ = writeln!(out, "  ! refused: {text}");
                        }
                    }
                    // Then what the action set off (a new rung, the outbreak of war),
                    // without repeating the line just printed.
                    let chron = game.chronicle();
                    for e in chron.events.iter().skip(before) {
                        let own = e.party == Some(side)
                            && (result.as_ref().is_ok_and(|k| *k == e.kind)
                                || matches!(e.kind, EventKind::Refused { .. }));
                        if own || e.kind.is_draw() || !e.audience.admits(Some(side)) {
                            continue;
                        }
                        let _ = writeln!(out, "    → {}", narrate::line(game.scenario(), chron, e));
                    }
                    *cursor = chron.events.len();
                    if game.is_finished() {
                        return TurnEnd::EndTurn;
                    }
                }
            },
        }
    }
}

/// The end of the game, as a debrief in text; with a side, what that side did and what
/// it cost ([`crate::debrief::PlayerDebrief`]).
pub fn debrief(game: &Game, side: Option<usize>, out: &mut dyn Write) {
    let scen = game.scenario();
    let r = Report::from_game(game, None);
    let _ = writeln!(out, "\n=== Debrief: {} ===", scen.title);
    let _ = writeln!(
        out,
        "Outcome: {} after {} turn(s){}",
        r.outcome.name,
        r.turns,
        match (&r.outcome.kind[..], r.outcome.ratified) {
            ("agreement", true) => ", ratified",
            ("agreement", false) => ", NOT ratified",
            _ => "",
        }
    );
    if let Some(i) = r.outcome.implementation {
        let _ = writeln!(out, "Implementation: {}", format!("{i:?}").to_lowercase());
    }
    for c in &r.outcome.deal {
        let _ = writeln!(out, "  - {c}");
    }
    let _ = writeln!(out, "Leaks: {}", r.leaks.len());
    for l in &r.leaks {
        let _ = writeln!(
            out,
            "  - turn {}: {:?} of \"{}\" (source: {})",
            l.turn, l.level, l.channel, l.source
        );
    }
    let _ = writeln!(
        out,
        "\nScore         deal   delay  escal.    war  cred.  supp.  acct.   TOTAL"
    );
    for s in r.score.values() {
        let _ = writeln!(
            out,
            "  {:<9} {:>6.2} {:>7.2} {:>7.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>7.2}",
            s.party,
            s.deal,
            s.delay_cost,
            s.escalation_cost,
            s.war,
            s.credibility,
            s.support,
            s.accountability,
            s.total
        );
    }
    if let Some(side) = side {
        let d = backchannel::debrief::PlayerDebrief::of(game, side);
        let _ = write!(out, "\n{}", d.text(scen));
    }
    if let Some(h) = &scen.historical {
        let _ = writeln!(out, "\nWhat happened in history: {}", h.outcome);
    }
    if !scen.debrief.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for d in &scen.debrief {
            let _ = writeln!(out, "  * {d}");
        }
    }
}

/// The commands of the mediator's seat.
pub fn mediator_help() -> String {
    format!(
        "Commands of the mediator's seat:\n  {}\n      put a package to both sides; they answer on the table where you speak.\n      `pay` promises a side an amount (out of your budget) if the deal is ratified.\n  `state` shows the table again, `ids` the issues and how each side reads them,\n  `log` the whole record you have seen, `help`, `end` (or `wait`), `quit`.\n",
        grammar::PROPOSE_USAGE
    )
}

/// The table as the mediator sees it (rendered from the simulation's mediator view).
pub fn mediator_state(game: &Game) -> String {
    let scen = game.scenario();
    let v = game.mediator_view();
    let name = narrate::mediator_name(scen);
    let mut s = format!(
        "\n=== {} — {} (turn {} of {}) — you are {name}, the mediator ===\n",
        scen.title,
        scen.label(v.turn),
        v.turn,
        v.deadline
    );
    let ladder: String = (0..=v.war_at)
        .map(|i| if i <= v.escalation { '#' } else { '.' })
        .collect();
    s.push_str(&format!(
        "Escalation [{ladder}] {}   Budget left: {:.3}\n",
        narrate::rung(scen, v.escalation),
        v.budget_left
    ));
    s.push_str("\nTables you see                kind        status\n");
    for cv in &v.channels {
        let ch = &cv.channel;
        s.push_str(&format!(
            "  {:<28} {:<11} {}   ({} ↔ {})\n",
            ch.id,
            if ch.is_back() { "mediated" } else { "official" },
            narrate::status_name(ch.status),
            scen.negotiators[ch.ends[0]].name,
            scen.negotiators[ch.ends[1]].name
        ));
    }
    for (p, pos) in v.positions.iter().enumerate() {
        s.push_str(&format!(
            "{} has said in public: {}\n",
            scen.parties[p].name,
            narrate::stated(scen, &pos.option)
        ));
    }
    for o in v.offers.iter().filter(|o| o.status == OfferStatus::Pending) {
        s.push_str(&format!(
            "\n{}'s offer on \"{}\": {}\n",
            scen.parties[o.from].name,
            v.channel_id(o.channel),
            narrate::describe_clauses(scen, &o.clauses)
        ));
    }
    for p in v.proposals.iter().rev().take(3).rev() {
        s.push_str(&format!(
            "\nYour proposal of turn {} ({}): {}\n   {}\n",
            p.turn,
            narrate::offer_status_name(p.status),
            narrate::describe_clauses(scen, &p.clauses),
            narrate::proposal_answers(scen, p, &v.events)
        ));
    }
    if let Some(d) = &v.deal {
        s.push_str(&format!(
            "\nAgreed deal: {}\n",
            narrate::describe_clauses(scen, &d.clauses)
        ));
    }
    match &v.refusal {
        None => s.push_str(
            "\nYou may put a proposal this turn (`propose ...`; `ids` for the options).\n",
        ),
        Some(r) => s.push_str(&format!(
            "\nNo proposal this turn: {}.\n",
            narrate::refusal(scen, r)
        )),
    }
    s
}

/// The issues and options as the mediator reads them: its own interest, and how each
/// side reads each option.
pub fn mediator_ids(game: &Game) -> String {
    let scen = game.scenario();
    let v = game.mediator_view();
    let mut s = format!(
        "Parties (for pay): {}\nIssues and options (your own interest; how each side reads it):\n",
        scen.parties
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (ii, i) in scen.issues.iter().enumerate() {
        s.push_str(&format!("  {}:\n", i.id));
        for (oi, o) in i.options.iter().enumerate() {
            s.push_str(&format!(
                "    {:<24} ({})\n",
                o.id,
                narrate::mediator_reading(scen, &v, ii, oi)
            ));
        }
    }
    s
}

/// Transcript lines new since `from`, as the mediator may see them; returns the cursor.
pub fn mediator_news(game: &Game, from: usize, out: &mut dyn Write) -> usize {
    let chron = game.chronicle();
    let scen = game.scenario();
    let seen: Vec<usize> = game
        .mediator_view()
        .channels
        .iter()
        .map(|c| c.channel.index)
        .collect();
    for e in chron.events.iter().skip(from) {
        if !backchannel::sim::view::mediator_sees(e, &seen) {
            continue;
        }
        let entry = narrate::entry(scen, chron, e);
        let tag = format!("{:?}", entry.kind).to_lowercase();
        let _ = writeln!(out, "  [{} {:<14}] {}", entry.turn, tag, entry.text);
    }
    chron.events.len()
}

/// The mediator's turn at the terminal: read commands until the turn ends.
pub fn mediator_turn<R: BufRead>(
    game: &mut Game,
    input: &mut Input<R>,
    out: &mut dyn Write,
    cursor: &mut usize,
) -> TurnEnd {
    *cursor = mediator_news(game, *cursor, out);
    let _ = write!(out, "{}", mediator_state(game));
    if input.closed {
        return TurnEnd::EndTurn;
    }
    let _ = writeln!(out, "Type `help` for the commands, `end` to end your turn.");
    let prompt = format!(
        "{}> ",
        game.scenario()
            .mediator
            .as_ref()
            .map_or("mediator", |m| m.id.as_str())
    );
    loop {
        let Some(line) = input.line(out, &prompt) else {
            let _ = writeln!(out, "\n(input ended: the mediator waits from here on)");
            return TurnEnd::EndTurn;
        };
        match line.as_str() {
            "help" | "?" | "h" => {
                let _ = write!(out, "{}", mediator_help());
            }
            "state" | "s" => {
                let _ = write!(out, "{}", mediator_state(game));
            }
            "ids" => {
                let _ = write!(out, "{}", mediator_ids(game));
            }
            "log" => {
                mediator_news(game, 0, out);
            }
            "end" | "wait" | "pass" => return TurnEnd::EndTurn,
            "quit" | "q" | "exit" => return TurnEnd::Quit,
            _ => match grammar::proposal(&line) {
                Err(e) => {
                    let _ = writeln!(out, "  ! {e}");
                }
                Ok(def) => match game.propose(def) {
                    Ok(_) => {
                        // The proposal (and the invitation that may have come first).
                        let before = *cursor;
                        let mut lines = Vec::new();
                        *cursor = mediator_news(game, before, &mut lines);
                        let text = String::from_utf8_lossy(&lines).replace("  [", "  ✓ [");
                        let _ = write!(out, "{text}");
                    }
                    Err(r) => {
                        let _ = writeln!(
                            out,
                            "  ! refused: {}",
                            narrate::refusal(game.scenario(), &r)
                        );
                    }
                },
            },
        }
    }
}

/// What the mediator's seat achieved, after the general debrief.
pub fn mediator_debrief(game: &Game, out: &mut dyn Write) {
    let d = backchannel::debrief::MediatorDebrief::of(game);
    let _ = write!(out, "\n{}", d.text(game.scenario()));
}
