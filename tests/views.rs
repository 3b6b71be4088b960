//! What each side may see is decided once, in the simulation (`SideView`): these tests
//! play many games and check that nothing private to one side ever reaches the other.

use backchannel::ai::Policy;
use backchannel::bundled;
use backchannel::narrate;
use backchannel::sim::events::{Audience, EventKind};
use backchannel::sim::view::SideView;
use backchannel::{Controller, Game};

/// Check one side's view against the whole state; returns how many events private to
/// the other side exist (so the caller can show the check was not vacuous).
fn check(game: &Game, v: &SideView) -> usize {
    let side = v.side;
    for e in &v.events {
        assert!(
            e.audience.admits(Some(side)),
            "side {side} sees an event private to the other side: {e:?}"
        );
    }
    for c in &v.channels {
        assert!(
            c.channel.side_of(side).is_some(),
            "a channel not on this side"
        );
    }
    for h in &v.stakeholders {
        assert_eq!(h.party, side, "another side's stakeholder in the view");
    }
    for o in &v.offers {
        assert!(
            v.channels.iter().any(|c| c.channel.index == o.channel),
            "an offer on a channel this side does not sit on"
        );
    }
    // The narrated transcript a front-end prints for this side holds no other side's
    // private line either.
    let lines = narrate::transcript(game.scenario(), game.chronicle(), Some(side));
    let me = &game.scenario().parties[side].id;
    for l in &lines {
        assert!(!l.private || l.party.as_ref() == Some(me), "{l:?}");
    }
    assert_eq!(lines.len(), v.events.len());
    game.chronicle()
        .events
        .iter()
        .filter(|e| e.audience == Audience::Only(v.other))
        .count()
}

#[test]
fn no_side_ever_sees_the_others_private_events() {
    let pairs = [
        (Policy::Adaptive, Policy::Secret),
        (Policy::Random, Policy::Adaptive),
        (Policy::Secret, Policy::Random),
        (Policy::Random, Policy::Random),
    ];
    let mut hidden = [0usize; 2];
    let mut private_kinds = std::collections::HashSet::new();
    for id in ["tutorial", "cuba_1962", "oslo_1993"] {
        let scen = bundled::resolve(id).unwrap();
        for (a, b) in pairs {
            for seed in 0..6 {
                let mut g = Game::new(scen.clone(), seed, &[Controller::Ai(a), Controller::Ai(b)]);
                while !g.is_finished() {
                    for (side, count) in hidden.iter_mut().enumerate() {
                        *count += check(&g, &g.view(side));
                    }
                    g.end_turn();
                }
                for e in &g.chronicle().events {
                    if let Audience::Only(_) = e.audience {
                        private_kinds.insert(std::mem::discriminant(&e.kind));
                    }
                }
            }
        }
    }
    // The check must have had something to hide from each side.
    assert!(hidden[0] > 100 && hidden[1] > 100, "{hidden:?}");
    assert!(
        private_kinds.len() >= 4,
        "only {} kinds of private event",
        private_kinds.len()
    );
}

/// A probe's result and the other side's feelings it reveals are intelligence of the
/// side that probed: the view holds them for that side only, and every front-end
/// renders the same readings.
#[test]
fn probing_gives_intelligence_to_the_prober_only() {
    let scen = bundled::resolve("cuba_1962").unwrap();
    let mut g = Game::new(scen, 3, &[Controller::Human, Controller::Human]);
    assert!(g.view(0).intel.readings.is_none());
    g.act(
        0,
        backchannel::Action::Probe {
            channel: "un_official".into(),
        },
    )
    .unwrap();
    let usa = g.view(0);
    let ussr = g.view(1);
    assert!(usa.intel.believed_type.is_some() && usa.intel.readings.is_some());
    assert!(ussr.intel.readings.is_none() && ussr.intel.believed_type.is_none());
    assert!(
        usa.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Probed { .. }))
    );
    assert!(
        !ussr
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Probed { .. }))
    );
}
