//! The debrief's "ideas this game showed", drawn from the chronicle's typed events and
//! the outcome, so the terminal, the desktop and the Markdown export say the same; and
//! the Markdown debrief an instructor can hand out.

use crate::game::Game;
use crate::narrate::EntryKind;
use crate::report::Report;
use crate::scenario::schema::ActionKind;
use crate::sim::components::Escalation;
use crate::sim::events::EventKind;
use crate::sim::outcome::OutcomeKind;

/// One idea of the design that this game illustrated, with what showed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Idea {
    pub title: &'static str,
    pub text: String,
}

/// The ideas a finished (or running) game illustrated, in a fixed order.
pub fn ideas(game: &Game) -> Vec<Idea> {
    let events = &game.chronicle().events;
    let did = |k: ActionKind| events.iter().any(|e| e.kind.action() == Some(k));
    let count = |f: &dyn Fn(&EventKind) -> bool| events.iter().filter(|e| f(&e.kind)).count();
    let mut out = Vec::new();
    let mut idea = |title, text: String| out.push(Idea { title, text });
    if did(ActionKind::MoveVenue) {
        idea(
            "Forum shopping",
            "Moving the talks to another host pressed the other side but cost trust.".into(),
        );
    }
    let spoilers = count(&|k| {
        matches!(
            k,
            EventKind::SpoilerActed { .. } | EventKind::EpilogueSpoiler { .. }
        )
    });
    if spoilers > 0 {
        idea(
            "Spoilers",
            format!(
                "{spoilers} time(s) a group outside the talks acted against them: those left out get a say later."
            ),
        );
    }
    let audience = count(&|k| match k {
        EventKind::Offered { audience_cost, .. } => *audience_cost > 0.0,
        EventKind::Stated { tone, .. } => *tone == crate::scenario::schema::Tone::Harden,
        _ => false,
    });
    if audience > 0 {
        idea(
            "Audience costs",
            "Public positions tied hands: retreating from them in public cost support.".into(),
        );
    }
    let esc = game.world().resource::<Escalation>();
    let delay: f64 = esc.delay_cost.iter().sum::<f64>() + esc.escalation_cost.iter().sum::<f64>();
    if delay > 0.1 {
        idea(
            "Costly delay",
            format!(
                "Waiting cost both sides {delay:.2} points in all: crises escalate and processes decay."
            ),
        );
    }
    if game
        .outcome()
        .is_some_and(|o| o.kind == OutcomeKind::EndlessGame)
    {
        idea(
            "The endless game",
            "A deal was within reach and channels stayed open, but nothing was signed.".into(),
        );
    }
    if did(ActionKind::Upgrade) || did(ActionKind::OpenChannel) {
        idea(
            "Incremental channels",
            "Channels grew: new back channels opened and deniable envoys gave way to officials who could commit.".into(),
        );
    }
    if did(ActionKind::Confirm) {
        idea(
            "Controlled disclosure",
            "Going public first framed the story and softened the reaction at home.".into(),
        );
    }
    let leaks = game.chronicle().leaks().count();
    if leaks > 0 {
        idea(
            "Leaks",
            format!(
                "{leaks} leak(s): every person privy, every turn and every digital message raised the hazard."
            ),
        );
    }
    let secret = events.iter().any(|e| match &e.kind {
        EventKind::Offered { clauses, .. } | EventKind::Accepted { clauses, .. } => {
            clauses.iter().any(|c| c.secret)
        }
        _ => false,
    });
    if secret {
        idea(
            "Secret clauses",
            "A clause kept secret was not voted on at home: room to move, at the price of revelation risk.".into(),
        );
    }
    out
}

/// The debrief as Markdown: outcome, score by part, ideas, history and transcript.
pub fn markdown(game: &Game, side: Option<usize>) -> String {
    let sc = game.scenario();
    let r = Report::from_game(game, side);
    let mut md = format!(
        "# Debrief: {}\n\nSeed {} · side {}\n\n",
        sc.title,
        r.seed,
        r.side.clone().unwrap_or_default()
    );
    md.push_str(&format!(
        "**Outcome:** {} after {} turns; ratified: {}; implementation: {}\n\n",
        r.outcome.kind,
        r.turns,
        r.outcome.ratified,
        r.outcome
            .implementation
            .map(|i| format!("{i:?}").to_lowercase())
            .unwrap_or_else(|| "—".into())
    ));
    for c in &r.outcome.deal {
        md.push_str(&format!("- {c}\n"));
    }
    md.push_str("\n| party | deal | delay | escalation | war | credibility | support | accountability | total |\n|---|---|---|---|---|---|---|---|---|\n");
    for x in r.score.values() {
        md.push_str(&format!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |\n",
            x.party,
            x.deal,
            x.delay_cost,
            x.escalation_cost,
            x.war,
            x.credibility,
            x.support,
            x.accountability,
            x.total
        ));
    }
    md.push_str("\n## Ideas in this game\n\n");
    for i in ideas(game) {
        md.push_str(&format!("- **{}.** {}\n", i.title, i.text));
    }
    if let Some(h) = &sc.historical {
        md.push_str(&format!("\n## What happened in history\n\n{}\n", h.outcome));
    }
    md.push_str("\n## Transcript\n\n");
    for e in r.transcript.iter().filter(|e| e.kind != EntryKind::Draw) {
        md.push_str(&format!("- T{} {:?}: {}\n", e.turn, e.kind, e.text));
    }
    md
}
