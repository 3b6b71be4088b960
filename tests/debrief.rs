//! The player debrief: what one side did and what it cost, in numbers, from the typed
//! chronicle — and the same numbers in the Markdown export, the terminal text and the
//! JSON report.

use backchannel::ai::Policy;
use backchannel::bundled;
use backchannel::debrief::{self, PlayerDebrief, ZoneVerdict};
use backchannel::report::{self, Report};
use backchannel::scenario::schema::{ActionDef, Medium};
use backchannel::sim::components::{HiddenType, Roster};
use backchannel::sim::events::EventKind;
use backchannel::{Controller, Game};

/// The US back channels of the scripted game: all digital, one a turn from turn 1.
const CHANNELS: [(&str, &str, &str); 3] = [
    ("net_a", "rfk", "dobrynin"),
    ("net_b", "rusk", "gromyko"),
    ("net_c", "stevenson", "zorin"),
];

/// Cuba, the US played by hand: three digital back channels, the ExComm briefed on the
/// first on turn 4, a message every turn, a denial whenever there is a rumour, one public threat.
fn scripted(seed: u64) -> Game {
    // Cuba's people, as if 1962 had digital traffic (its own media list has none).
    let mut scen = (*bundled::resolve("cuba_1962").unwrap()).clone();
    scen.rules.media.clear();
    let scen = std::sync::Arc::new(scen);
    let mut g = Game::new(
        scen,
        seed,
        &[Controller::Human, Controller::Ai(Policy::Adaptive)],
    );
    for (id, from, to) in CHANNELS {
        g.act(
            0,
            ActionDef::OpenChannel {
                id: id.into(),
                from: from.into(),
                to: to.into(),
                via: None,
                medium: Medium::Digital,
            },
        )
        .expect("open a digital channel");
        g.end_turn();
    }
    g.act(
        0,
        ActionDef::Brief {
            stakeholder: "excomm".into(),
            channel: "net_a".into(),
        },
    )
    .expect("brief the ExComm");
    let _ = g.act(0, ActionDef::Escalate);
    while !g.is_finished() && g.turn() < 12 {
        let _ = g.act(0, ActionDef::Deny);
        for (id, _, _) in CHANNELS {
            let _ = g.act(0, ActionDef::Message { channel: id.into() });
        }
        g.end_turn();
    }
    g.play_out();
    g
}

/// A seed on which the scripted game leaked and the US denied at least once.
fn eventful() -> (u64, Game) {
    for seed in 0..40 {
        let g = scripted(seed);
        let denied = g
            .chronicle()
            .events
            .iter()
            .any(|e| e.party == Some(0) && e.kind == EventKind::Denied);
        if denied && g.chronicle().leaks().count() > 0 {
            return (seed, g);
        }
    }
    panic!("no seed in 0..40 gave a leak and a denial");
}

#[test]
fn the_player_debrief_counts_what_the_side_did() {
    let (seed, g) = eventful();
    let scen = g.scenario().clone();
    let chron = g.chronicle();
    let d = PlayerDebrief::of(&g, 0);

    // Channels: exactly the three digital ones, and the leaked ones by name.
    assert_eq!(d.party, "usa");
    assert_eq!(d.channels_opened, 3, "seed {seed}");
    assert_eq!(d.channels.len(), 1);
    assert_eq!(d.channels[0].medium, Medium::Digital);
    assert_eq!(d.channels[0].opened, 3);
    let leaked = CHANNELS
        .iter()
        .filter(|(id, _, _)| chron.leaks().any(|l| chron.channel_id(l.channel) == *id))
        .count() as u32;
    assert!(
        leaked > 0,
        "seed {seed}: none of the scripted channels leaked"
    );
    assert_eq!(d.channels_leaked, leaked);
    assert_eq!(d.channels[0].leaked, leaked);

    // Denials and the public threat.
    let denials = chron
        .events
        .iter()
        .filter(|e| e.party == Some(0) && e.kind == EventKind::Denied)
        .count() as u32;
    assert!(denials >= 1);
    assert_eq!(d.denials, denials);
    let proven: Vec<f64> = chron
        .events
        .iter()
        .filter(|e| e.party == Some(0))
        .filter_map(|e| match e.kind {
            EventKind::DenialsProven { credibility_lost } => Some(credibility_lost),
            _ => None,
        })
        .collect();
    assert_eq!(d.denials_proven_false, proven.len() as u32);
    assert!((d.credibility_lost - proven.iter().sum::<f64>()).abs() < 1e-12);
    assert_eq!(d.threats, 1, "one Escalate on turn 4");
    assert_eq!(d.walked_back, 0);

    // The home front: the ExComm briefed on turn 4, the Joint Chiefs never.
    let us_groups = scen.stakeholders.iter().filter(|h| h.party == 0).count();
    assert_eq!(d.groups.len(), us_groups);
    let group = |id: &str| d.groups.iter().find(|g| g.id == id).unwrap();
    assert_eq!(group("excomm").briefed_turn, Some(4));
    assert_eq!(group("jcs").briefed_turn, None);
    assert_eq!(
        d.groups.iter().filter(|g| g.briefed_turn.is_some()).count(),
        1
    );
    for (i, h) in scen
        .stakeholders
        .iter()
        .enumerate()
        .filter(|(_, h)| h.party == 0)
    {
        let vote = chron.events.iter().rev().find_map(|e| match &e.kind {
            EventKind::Voted { vote } if vote.stakeholder == i => Some(vote.yes),
            _ => None,
        });
        assert_eq!(group(&h.id).voted_yes, vote, "{}", h.id);
    }

    // The counterpart's hidden type, revealed, equals its HiddenType component.
    let world = g.world();
    let ussr = world.resource::<Roster>().parties[1];
    let hidden = *world.get::<HiddenType>(ussr).unwrap();
    let c = d.counterpart.as_ref().expect("a counterpart");
    assert_eq!(c.party, "ussr");
    assert_eq!(c.kind, hidden.kind);
    assert_eq!(c.reservation, hidden.reservation);
    assert_eq!(c.probes, 0, "the script never probes");

    // No deal or a deal placed against both hidden reservations.
    match (&d.zone, g.outcome()) {
        (None, o) => assert!(o.is_none_or(|o| o.deal.is_empty())),
        (Some(z), Some(o)) => {
            assert!(!o.deal.is_empty());
            let inside = z.yours >= z.your_reservation && z.theirs >= z.their_reservation;
            assert_eq!(z.verdict == ZoneVerdict::Inside, inside);
            assert_eq!(z.their_reservation, hidden.reservation);
        }
        (Some(_), None) => panic!("a zone without an outcome"),
    }
    assert_eq!(d.ideas, debrief::ideas(&g));
}

#[test]
fn markdown_terminal_text_and_report_show_the_numbers() {
    let (_, g) = eventful();
    let scen = g.scenario().clone();
    let d = PlayerDebrief::of(&g, 0);
    let leaked = format!("{} of your 3 digital channels leaked.", d.channels_leaked);
    let opened = format!(
        "You opened 3 channels; {} of them leaked.",
        d.channels_leaked
    );
    let briefed = format!("You briefed 1 of your {} groups at home.", d.groups.len());
    let chiefs = format!(
        "{} were never briefed",
        scen.stakeholders
            .iter()
            .find(|h| h.id == "jcs")
            .unwrap()
            .name
    );
    let denied = format!("You denied {} rumour", d.denials);
    let c = d.counterpart.as_ref().unwrap();
    let revealed = format!(
        "Soviet Union was a {} with a hidden walk-away point of {:.2}.",
        backchannel::narrate::type_name(c.kind),
        c.reservation
    );
    let md = report::markdown(&g, Some(0));
    let text = d.text(&scen);
    for (name, out) in [("markdown", &md), ("terminal", &text)] {
        for want in [&leaked, &opened, &briefed, &chiefs, &denied, &revealed] {
            assert!(out.contains(want.as_str()), "{name} lacks {want:?}:\n{out}");
        }
        assert!(out.contains("1 public threat and walked back 0"), "{name}");
    }
    assert!(md.contains("## Your moves (United States)"));
    // Without a side there is no player debrief.
    assert!(!report::markdown(&g, None).contains("## Your moves"));

    // The JSON report carries the same numbers, and only when a side is given.
    let r = Report::from_game(&g, Some(0));
    assert_eq!(r.format_version, 2);
    assert_eq!(r.debrief.as_ref(), Some(&d));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["debrief"]["channels_opened"], 3);
    assert_eq!(json["debrief"]["channels_leaked"], d.channels_leaked);
    assert_eq!(json["debrief"]["channels"][0]["medium"], "Digital");
    assert_eq!(
        json["debrief"]["groups"].as_array().unwrap().len(),
        d.groups.len()
    );
    let none: serde_json::Value =
        serde_json::from_str(&Report::from_game(&g, None).to_json()).unwrap();
    assert!(none.get("debrief").is_none());
}
