//! The terminal game: the state at a glance, numbered actions, help; works with
//! piped standard input as well as a keyboard.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use backchannel::Game;
use backchannel::bundled;
use backchannel::scenario::Scenario;
use backchannel::scenario::schema::{ActionDef, ActionKind, ClauseDef, Medium, Tone};
use backchannel::sim::components::*;
use backchannel::sim::phases::exposure::hazard_of;
use backchannel::sim::transcript::{EntryKind, Transcript};

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

const VERBS: [(&str, ActionKind, &str); 18] = [
    (
        "open",
        ActionKind::OpenChannel,
        "open ID FROM TO [via INTERMEDIARY] [face|courier|phone|digital]",
    ),
    ("upgrade", ActionKind::Upgrade, "upgrade CHANNEL NEGOTIATOR"),
    (
        "offer",
        ActionKind::Offer,
        "offer CHANNEL ISSUE=OPTION ... (end an option with * to keep it secret)",
    ),
    ("accept", ActionKind::Accept, "accept CHANNEL"),
    ("reject", ActionKind::Reject, "reject CHANNEL"),
    ("probe", ActionKind::Probe, "probe CHANNEL"),
    ("meet", ActionKind::Meet, "meet CHANNEL"),
    ("message", ActionKind::Message, "message CHANNEL"),
    (
        "statement",
        ActionKind::Statement,
        "statement ISSUE OPTION harden|soften",
    ),
    ("brief", ActionKind::Brief, "brief STAKEHOLDER CHANNEL"),
    (
        "compartmentalise",
        ActionKind::Compartmentalise,
        "compartmentalise CHANNEL",
    ),
    ("deny", ActionKind::Deny, "deny"),
    ("confirm", ActionKind::Confirm, "confirm CHANNEL"),
    ("escalate", ActionKind::Escalate, "escalate"),
    ("deescalate", ActionKind::DeEscalate, "deescalate"),
    (
        "move",
        ActionKind::MoveVenue,
        "move CHANNEL INTERMEDIARY NEW_ID",
    ),
    ("sign", ActionKind::Sign, "sign"),
    ("wait", ActionKind::Wait, "wait (or `end`): end your turn"),
];

fn what_it_does(k: ActionKind) -> &'static str {
    match k {
        ActionKind::OpenChannel => "start secret talks, directly or through a go-between",
        ActionKind::Upgrade => "bring in someone who can commit your side; more people privy",
        ActionKind::Offer => "propose a package; secret clauses only on secret channels",
        ActionKind::Accept => "agree to the other side's pending offer (ad referendum)",
        ActionKind::Reject => "turn down the pending offer",
        ActionKind::Probe => "test the other side's good faith; noisy hint of its type",
        ActionKind::Meet => "meet face to face: big trust gain, hard to hide",
        ActionKind::Message => "send a message: small trust gain",
        ActionKind::Statement => "harden or soften your public line (audience costs)",
        ActionKind::Brief => "bring a stakeholder into the loop: less anger, more people privy",
        ActionKind::Compartmentalise => "cut staff on a channel: lower leak risk",
        ActionKind::Deny => "deny a rumour: calms home now, costs credibility if proven",
        ActionKind::Confirm => "go public on your own terms (controlled disclosure)",
        ActionKind::Escalate => "raise military pressure: risk of war",
        ActionKind::DeEscalate => "step back down the ladder",
        ActionKind::MoveVenue => "move the talks to another host (forum shopping)",
        ActionKind::Sign => "sign the agreed deal and send it home for ratification",
        ActionKind::Wait => "end your turn",
    }
}

/// The list of actions with numbers, costs and what each does.
pub fn help(scen: &Scenario) -> String {
    let mut s = String::from("Actions (type the number or the word, then its arguments):\n");
    for (i, (_, kind, usage)) in VERBS.iter().enumerate() {
        if !scen.allows(*kind) {
            continue;
        }
        s.push_str(&format!(
            "  {:>2}. {:<62} [{} AP] {}\n",
            i + 1,
            usage,
            kind.cost(),
            what_it_does(*kind)
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

/// The table as one side sees it.
pub fn state(game: &Game, side: usize) -> String {
    let w = game.world();
    let scen = game.scenario();
    let clock = w.resource::<TurnClock>();
    let esc = w.resource::<Escalation>();
    let roster = w.resource::<Roster>();
    let me = &scen.parties[side];
    let pe = roster.parties[side];
    let standing = w.get::<Standing>(pe).cloned().expect("standing");
    let ap = w.get::<ActionPoints>(pe).map(|a| a.0).unwrap_or(0);
    let mut s = String::new();
    s.push_str(&format!(
        "\n=== {} — {} (turn {} of {}) — you lead {} ===\n",
        scen.title,
        scen.label(clock.turn),
        clock.turn,
        clock.deadline,
        me.name
    ));
    let ladder: String = (0..=esc.war_at)
        .map(|i| if i <= esc.level { '#' } else { '.' })
        .collect();
    let rung = scen
        .rules
        .escalation
        .levels
        .get(esc.level as usize)
        .cloned()
        .unwrap_or_default();
    s.push_str(&format!(
        "Escalation [{ladder}] {rung}   Action points: {ap}   Support {}   Credibility {}\n",
        pct(standing.domestic_support).trim(),
        pct(standing.credibility).trim()
    ));
    s.push_str(
        "\nChannels                     kind        medium      trust  leak/turn  age  status\n",
    );
    for &e in &roster.channels {
        let Some(ch) = w.get::<Channel>(e) else {
            continue;
        };
        if ch.side_of(side).is_none() {
            continue;
        }
        let ends = format!(
            "{} ↔ {}{}",
            scen.negotiators[ch.ends[0]].name,
            scen.negotiators[ch.ends[1]].name,
            ch.via
                .map(|v| format!(" via {}", scen.intermediaries[v].name))
                .unwrap_or_default()
        );
        let kind = match ch.kind {
            backchannel::scenario::schema::ChannelKind::Official => "official",
            backchannel::scenario::schema::ChannelKind::BackDirect => "back",
            backchannel::scenario::schema::ChannelKind::BackMediated => "back/med",
        };
        let status = format!("{:?}", ch.status).to_lowercase();
        let risk = if ch.is_back() && ch.status == ChannelStatus::Open {
            pct(hazard_of(w, ch))
        } else {
            "   -".into()
        };
        s.push_str(&format!(
            "  {:<26} {:<11} {:<10} {}    {}    {:>3}  {}\n",
            ch.id,
            kind,
            format!("{:?}", ch.medium),
            pct(ch.trust),
            risk,
            ch.age,
            status
        ));
        s.push_str(&format!(
            "      {ends}; {} privy + {} staff\n",
            ch.privy.len(),
            ch.staff
        ));
    }
    s.push_str("\nYour stakeholders             influence  awareness    anger\n");
    for &e in &roster.stakeholders {
        let Some(h) = w.get::<Stakeholder>(e) else {
            continue;
        };
        if h.party != side {
            continue;
        }
        s.push_str(&format!(
            "  {:<28} {}       {:<12} {}{}\n",
            scen.stakeholders[h.index].id,
            pct(h.influence),
            format!("{:?}", h.awareness),
            pct(h.anger),
            if h.vetoed { "  (veto threat)" } else { "" }
        ));
    }
    let pending: Vec<Offer> = roster
        .offers
        .iter()
        .filter_map(|&e| w.get::<Offer>(e).cloned())
        .filter(|o| o.status == OfferStatus::Pending)
        .collect();
    for o in pending {
        let ch = roster
            .channels
            .get(o.channel)
            .and_then(|&e| w.get::<Channel>(e));
        let Some(ch) = ch else { continue };
        if ch.side_of(side).is_none() {
            continue;
        }
        let pkg = o.package(scen.issues.len());
        let who = if o.from == side {
            "Your offer"
        } else {
            "Their offer"
        };
        s.push_str(&format!(
            "\n{who} on \"{}\" (worth {} to you): {}\n",
            ch.id,
            pct(scen.package_utility(side, &pkg)).trim(),
            backchannel::sim::actions::describe_clauses(scen, &o.clauses)
        ));
    }
    if let Some(d) = &w.resource::<DealState>().0 {
        s.push_str(&format!(
            "\nAgreed deal (unsigned): {}\n",
            backchannel::sim::actions::describe_clauses(scen, &d.clauses)
        ));
    }
    if w.get::<Denials>(pe).is_some_and(|d| d.rumour) {
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
    s.push_str("\nIssues and options (value to you):\n");
    for i in &scen.issues {
        s.push_str(&format!("  {}: ", i.id));
        s.push_str(
            &i.options
                .iter()
                .map(|o| format!("{} ({:.0}%)", o.id, o.utility[side] * 100.0))
                .collect::<Vec<_>>()
                .join(", "),
        );
        s.push('\n');
    }
    s
}

/// Parse one command into an action. `Ok(None)` is for commands that are not actions.
pub fn parse_command(line: &str) -> Result<ActionDef, String> {
    let line = line.trim();
    if line.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        return ron::from_str::<ActionDef>(line)
            .map_err(|e| format!("cannot read that action: {e}"));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(&first) = words.first() else {
        return Err("empty command".into());
    };
    let verb = match first.parse::<usize>() {
        Ok(n) if (1..=VERBS.len()).contains(&n) => VERBS[n - 1].0,
        Ok(_) => return Err(format!("there is no action number {first}; type `help`")),
        Err(_) => first,
    };
    let verb = match verb {
        "end" => "wait",
        "compartmentalize" | "cut" => "compartmentalise",
        "de-escalate" => "deescalate",
        "say" => "statement",
        v => v,
    };
    let Some((_, _, usage)) = VERBS.iter().find(|(v, _, _)| *v == verb) else {
        return Err(format!(
            "unknown command \"{first}\"; type `help` for the list"
        ));
    };
    let args = &words[1..];
    let need = |n: usize| -> Result<(), String> {
        if args.len() < n {
            Err(format!("usage: {usage}"))
        } else {
            Ok(())
        }
    };
    let a = |i: usize| args[i].to_string();
    Ok(match verb {
        "open" => {
            need(3)?;
            let mut via = None;
            let mut medium = Medium::FaceToFace;
            let mut i = 3;
            while i < args.len() {
                match args[i] {
                    "via" if i + 1 < args.len() => {
                        via = Some(a(i + 1));
                        i += 1;
                    }
                    "face" | "facetoface" => medium = Medium::FaceToFace,
                    "courier" | "letter" => medium = Medium::Courier,
                    "phone" => medium = Medium::Phone,
                    "digital" | "email" => medium = Medium::Digital,
                    other => return Err(format!("unexpected \"{other}\"; usage: {usage}")),
                }
                i += 1;
            }
            ActionDef::OpenChannel {
                id: a(0),
                from: a(1),
                to: a(2),
                via,
                medium,
            }
        }
        "upgrade" => {
            need(2)?;
            ActionDef::Upgrade {
                channel: a(0),
                negotiator: a(1),
            }
        }
        "offer" => {
            need(2)?;
            let mut clauses = Vec::new();
            for c in &args[1..] {
                let (issue, option) = c
                    .split_once('=')
                    .ok_or(format!("\"{c}\" is not ISSUE=OPTION; usage: {usage}"))?;
                let secret = option.ends_with('*');
                clauses.push(ClauseDef {
                    issue: issue.into(),
                    option: option.trim_end_matches('*').into(),
                    secret,
                });
            }
            ActionDef::Offer {
                channel: a(0),
                clauses,
            }
        }
        "statement" => {
            need(3)?;
            let tone = match args[2] {
                "harden" | "hard" => Tone::Harden,
                "soften" | "soft" => Tone::Soften,
                t => return Err(format!("tone \"{t}\" is not harden or soften")),
            };
            ActionDef::Statement {
                issue: a(0),
                option: a(1),
                tone,
            }
        }
        "brief" => {
            need(2)?;
            ActionDef::Brief {
                stakeholder: a(0),
                channel: a(1),
            }
        }
        "move" => {
            need(3)?;
            ActionDef::MoveVenue {
                channel: a(0),
                via: a(1),
                id: a(2),
            }
        }
        "accept" | "reject" | "probe" | "meet" | "message" | "compartmentalise" | "confirm" => {
            need(1)?;
            let channel = a(0);
            match verb {
                "accept" => ActionDef::Accept { channel },
                "reject" => ActionDef::Reject { channel },
                "probe" => ActionDef::Probe { channel },
                "meet" => ActionDef::Meet { channel },
                "message" => ActionDef::Message { channel },
                "compartmentalise" => ActionDef::Compartmentalise { channel },
                _ => ActionDef::Confirm { channel },
            }
        }
        "deny" => ActionDef::Deny,
        "escalate" => ActionDef::Escalate,
        "deescalate" => ActionDef::DeEscalate,
        "sign" => ActionDef::Sign,
        _ => ActionDef::Wait,
    })
}

/// Transcript lines new since `from`, as `side` may see them; returns the new cursor.
pub fn news(
    game: &Game,
    side: Option<usize>,
    from: usize,
    out: &mut dyn Write,
    show_draws: bool,
) -> usize {
    let t = game.world().resource::<Transcript>();
    let viewer = side.map(|s| game.scenario().parties[s].id.clone());
    for e in t.entries.iter().skip(from) {
        if !Transcript::visible_to(e, viewer.as_deref())
            || (e.kind == EntryKind::Draw && !show_draws)
        {
            continue;
        }
        let tag = format!("{:?}", e.kind).to_lowercase();
        let _ = writeln!(out, "  [{} {:<14}] {}", e.turn, tag, e.text);
    }
    t.entries.len()
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
                    match game.act(side, action) {
                        Ok(text) => {
                            let _ = writeln!(out, "  ✓ {text}");
                        }
                        Err(why) => {
                            let _ = writeln!(out, "  ! refused: {why}");
                        }
                    }
                    *cursor = game.world().resource::<Transcript>().entries.len();
                    if game.is_finished() {
                        return TurnEnd::EndTurn;
                    }
                }
            },
        }
    }
}

/// The end of the game, as a debrief in text.
pub fn debrief(game: &Game, out: &mut dyn Write) {
    let scen = game.scenario();
    let r = game.report(None);
    let _ = writeln!(out, "\n=== Debrief: {} ===", scen.title);
    let _ = writeln!(
        out,
        "Outcome: {} after {} turn(s){}",
        r.outcome.kind.replace('_', " "),
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

/// `backchannel` with no subcommand: pick a scenario and a side, then play.
pub fn start_menu() -> ExitCode {
    let stdin = std::io::stdin();
    let mut input = Input::new(
        stdin.lock(),
        std::io::IsTerminal::is_terminal(&std::io::stdin()),
    );
    let mut out = std::io::stdout();
    let scenarios: Vec<Scenario> = bundled::all().into_iter().filter_map(Result::ok).collect();
    let _ = writeln!(out, "BACK CHANNEL — secret diplomacy, turn by turn\n");
    for (i, s) in scenarios.iter().enumerate() {
        let _ = writeln!(out, "  {}. {} ({}) — {}", i + 1, s.title, s.year, s.summary);
    }
    let Some(choice) = input
        .line(&mut out, "\nChoose a scenario [1]: ")
        .or(Some("1".into()))
    else {
        return ExitCode::SUCCESS;
    };
    let idx = choice
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=scenarios.len()).contains(n))
        .unwrap_or(1)
        - 1;
    let scen = &scenarios[idx];
    let playable: Vec<&str> = scen
        .parties
        .iter()
        .filter(|p| p.playable)
        .map(|p| p.id.as_str())
        .collect();
    let side = input
        .line(
            &mut out,
            &format!("Your side ({}) [{}]: ", playable.join(" / "), playable[0]),
        )
        .filter(|s| playable.contains(&s.as_str()))
        .unwrap_or_else(|| playable[0].to_string());
    let args = super::PlayArgs {
        scenario: scen.id.clone(),
        side: Some(side),
        seed: 1,
        opponent: "ai".into(),
        script: None,
        watch: None,
        historical: false,
        json: false,
    };
    drop(input);
    super::play::run(&args)
}
