//! A person in the mediator's seat: what the rules let them propose, what the computer
//! sides do with it, what the seat may see, and that such a game saves, replays and is
//! named by a class code.

use std::sync::Arc;

use backchannel::ai::Policy;
use backchannel::bundled;
use backchannel::class::ClassCode;
use backchannel::save::SaveV1;
use backchannel::scenario::Scenario;
use backchannel::scenario::schema::{ActionDef, ClauseDef, Medium};
use backchannel::sim::actions::grammar;
use backchannel::sim::actions::mediation::ProposalDef;
use backchannel::sim::events::{Audience, EventKind, Refusal};
use backchannel::sim::view::mediator_sees;
use backchannel::{Controller, Game};

fn oslo() -> Arc<Scenario> {
    bundled::resolve("oslo_1993").expect("bundled scenario loads")
}

const AI: Controller = Controller::Ai(Policy::Adaptive);

/// The package the historical Oslo deal was, with a payment to each side.
fn oslo_package(pay_israel: f64, pay_plo: f64) -> ProposalDef {
    grammar::proposal(&format!(
        "propose who_negotiates=plo_direct first_step=gaza_jericho permanent_status=defer jerusalem=east_jerusalem_votes recognition=mutual_letters pay israel={pay_israel} plo={pay_plo}"
    ))
    .expect("the proposal reads")
}

fn proposals_made(g: &Game) -> usize {
    g.chronicle()
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Proposed { .. }))
        .count()
}

#[test]
fn a_person_in_the_mediators_seat_proposes_within_the_rules() {
    let mut g = Game::new(oslo(), 1, &[AI, AI, Controller::Human]);
    assert_eq!(g.mediator(), Controller::Human);
    // Norway joins from turn 3.
    assert_eq!(
        g.propose(oslo_package(0.0, 0.0)),
        Err(Refusal::MediatorNotYet(3))
    );
    g.end_turn();
    g.end_turn();
    assert_eq!(g.turn(), 3);
    // The budget is 0.05.
    assert_eq!(
        g.propose(oslo_package(0.03, 0.03)),
        Err(Refusal::OverBudget {
            asked: 60,
            left: 50
        })
    );
    let bad = ProposalDef {
        clauses: vec![ClauseDef {
            issue: "jerusalem".into(),
            option: "deferred".into(),
            secret: false,
        }],
        payments: vec![("syria".into(), 0.01)],
    };
    assert!(matches!(g.propose(bad), Err(Refusal::NoSuchOption { .. })));
    assert_eq!(proposals_made(&g), 0, "a refusal changes nothing");
    let made = g.propose(oslo_package(0.02, 0.03)).expect("a proposal");
    let EventKind::Proposed { payments, .. } = made else {
        panic!("{made:?}")
    };
    assert_eq!(payments, vec![0.02, 0.03]);
    assert_eq!(
        g.propose(oslo_package(0.0, 0.0)),
        Err(Refusal::ProposedThisTurn)
    );
    // The proposal waits for both sides in their views, and the computer sides answer
    // it when the turn ends.
    assert_eq!(g.view(0).proposals.len(), 1);
    assert_eq!(g.view(1).proposals.len(), 1);
    g.end_turn();
    let answers = g
        .chronicle()
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ProposalAnswered { proposal: 0, .. }))
        .count();
    assert!(answers >= 1, "no side answered the proposal");
    // With a person in the seat, the computer mediator never proposes on its own.
    g.play_out();
    assert_eq!(proposals_made(&g), 1);
}

/// Played over many seeds, a person who proposes the historical package with the whole
/// budget behind it sometimes gets it accepted and ratified: the seat can change a
/// game's end, and the mediator's money reaches the sides' scores.
#[test]
fn a_mediators_proposal_can_become_the_deal() {
    let scen = oslo();
    let mut from_proposal = 0;
    for seed in 0..40 {
        let mut g = Game::new(scen.clone(), seed, &[AI, AI, Controller::Human]);
        while !g.is_finished() {
            if g.mediator_view().refusal.is_none() && g.mediator_view().pending().is_none() {
                let _ = g.propose(oslo_package(0.02, 0.03));
            }
            g.end_turn();
        }
        let deal = g
            .world()
            .resource::<backchannel::sim::components::DealState>()
            .0
            .clone();
        if let Some(d) = deal
            && d.payments == vec![0.02, 0.03]
        {
            from_proposal += 1;
        }
    }
    assert!(
        from_proposal >= 4,
        "the proposal became the deal in only {from_proposal} of 40 games"
    );
}

#[test]
fn the_mediator_sees_the_public_record_and_its_own_tables_only() {
    let scen = oslo();
    let mut g = Game::new(
        scen.clone(),
        2,
        &[Controller::Human, Controller::Human, Controller::Human],
    );
    // A direct back channel, not through Norway: the mediator must not learn of it.
    g.act(
        0,
        ActionDef::OpenChannel {
            id: "secret_line".into(),
            from: "savir".into(),
            to: "abu_ala".into(),
            via: None,
            medium: Medium::FaceToFace,
        },
    )
    .expect("a direct channel opens");
    let secret = g
        .view(0)
        .channels
        .iter()
        .find(|c| c.channel.id == "secret_line")
        .expect("Israel sees its channel")
        .channel
        .index;
    g.act(
        0,
        ActionDef::Offer {
            channel: "secret_line".into(),
            clauses: vec![ClauseDef {
                issue: "recognition".into(),
                option: "mutual_letters".into(),
                secret: true,
            }],
        },
    )
    .expect("an offer");
    // One through Norway: the mediator hosts it, so it sees it.
    g.act(
        1,
        ActionDef::OpenChannel {
            id: "via_norway".into(),
            from: "abu_ala".into(),
            to: "savir".into(),
            via: Some("norway".into()),
            medium: Medium::FaceToFace,
        },
    )
    .expect("a hosted channel opens");
    let v = g.mediator_view();
    let ids: Vec<&str> = v.channels.iter().map(|c| c.channel.id.as_str()).collect();
    assert!(ids.contains(&"via_norway") && ids.contains(&"washington"));
    assert!(!ids.contains(&"secret_line"), "{ids:?}");
    assert!(v.offers.iter().all(|o| o.channel != secret));
    let about_secret = g
        .chronicle()
        .events
        .iter()
        .filter(|e| e.kind.channel() == Some(secret))
        .count();
    assert!(
        about_secret >= 2,
        "the test needs events on the secret line"
    );
    assert!(v.events.iter().all(|e| e.kind.channel() != Some(secret)));
    assert!(
        v.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::ChannelOpened { .. })),
        "the hosted channel's opening is in the mediator's record"
    );
    // Nothing private to a side, and no random draw.
    assert!(
        v.events
            .iter()
            .all(|e| e.audience == Audience::Everyone && !e.kind.is_draw())
    );
    // Once the line is exposed, its leak is news to everyone, the mediator included.
    let seen: Vec<usize> = v.channels.iter().map(|c| c.channel.index).collect();
    let leak = backchannel::sim::events::GameEvent {
        turn: 1,
        phase: backchannel::sim::events::Phase::Exposure,
        party: None,
        audience: Audience::Everyone,
        kind: EventKind::Leaked {
            channel: secret,
            level: backchannel::sim::components::LeakLevel::Existence,
            source: backchannel::sim::events::LeakSource::Staff,
        },
    };
    assert!(mediator_sees(&leak, &seen));
}

#[test]
fn a_game_with_a_person_mediating_saves_replays_and_has_a_class_code() {
    let scen = oslo();
    let seats = [AI, AI, Controller::Human];
    let mut g = Game::new(scen.clone(), 7, &seats);
    g.end_turn();
    g.end_turn();
    g.propose(oslo_package(0.01, 0.02)).expect("a proposal");
    g.end_turn();
    g.end_turn();
    assert_eq!(g.seats(), seats.to_vec());
    let save = SaveV1::of(&g, None);
    let back = save.restore(scen.clone()).expect("the save restores");
    assert_eq!(back.fingerprint(), g.fingerprint());
    assert_eq!(back.mediator(), Controller::Human);

    let code = ClassCode::new(&scen, 7, &g.seats()).expect("a class code");
    let text = code.to_string();
    assert!(text.ends_with("-AAH"), "{text}");
    assert!(code.describe(&scen).contains("Norway (mediator): a person"));
    let (found, _) = ClassCode::find(&text, [&scen]).expect("the code reads back");
    assert!(found.mediator && found.humans().is_empty());
    assert_eq!(found.seats(), seats.to_vec());
    // Without the letter, the computer mediates.
    let (plain, _) = ClassCode::find(&text[..text.len() - 1], [&scen]).unwrap();
    assert!(!plain.mediator);
    // Only a person or the computer can sit there, and only where there is a mediator.
    let err = ClassCode::find(&format!("{}P", &text[..text.len() - 1]), [&scen]).unwrap_err();
    assert!(err.contains("mediator's seat"), "{err}");
    let tutorial = bundled::resolve("tutorial").unwrap();
    let t = ClassCode::new(&tutorial, 7, &[AI, AI]).unwrap().to_string();
    let err = ClassCode::find(&format!("{t}H"), [&tutorial]).unwrap_err();
    assert!(err.contains("3 player letter(s)"), "{err}");
}

#[test]
fn the_computer_seat_refuses_a_persons_proposal() {
    let mut g = Game::new(oslo(), 1, &[Controller::Human, AI]);
    g.end_turn();
    g.end_turn();
    assert_eq!(
        g.propose(oslo_package(0.0, 0.0)),
        Err(Refusal::MediatorIsComputer)
    );
    let tutorial = bundled::resolve("tutorial").unwrap();
    let mut t = Game::new(tutorial, 1, &[Controller::Human, AI, Controller::Human]);
    assert_eq!(t.propose(oslo_package(0.0, 0.0)), Err(Refusal::NoMediator));
    assert_eq!(t.mediator(), AI, "no seat where there is no mediator");
}
