//! Shared by the integration tests: arbitrary actions, and the invariants every game
//! must keep after every turn.

#![allow(dead_code)]

use backchannel::Game;
use backchannel::scenario::Scenario;
use backchannel::scenario::schema::{ActionDef, ClauseDef, Medium};
use backchannel::sim::components::*;
use backchannel::sim::view::{hazard_of, privy_chances};

/// The ids of every channel the game has had, and two that it never had.
pub fn channel_ids(g: &Game) -> Vec<String> {
    let mut ids = g.chronicle().channel_ids.clone();
    ids.push("x2".into());
    ids
}

/// Arbitrary action built from numbers, legal or not, using the scenario's ids and
/// some ids that do not exist.
pub fn action_from(s: &Scenario, channels: &[String], pick: &[u32]) -> ActionDef {
    let n = |i: usize, m: usize| {
        if m == 0 {
            0
        } else {
            pick[i % pick.len()] as usize % m
        }
    };
    let channel = |i: usize| {
        let k = n(i, channels.len() + 2);
        channels
            .get(k)
            .cloned()
            .unwrap_or_else(|| ["x1", "nope"][k - channels.len()].to_string())
    };
    let neg = |i: usize| s.negotiators[n(i, s.negotiators.len())].id.clone();
    let issue = n(3, s.issues.len());
    match n(0, 19) {
        0 => ActionDef::OpenChannel {
            id: format!("x{}", n(1, 3)),
            from: neg(2),
            to: neg(4),
            via: if n(5, 2) == 0 {
                None
            } else {
                s.intermediaries.first().map(|m| m.id.clone())
            },
            medium: [
                Medium::FaceToFace,
                Medium::Courier,
                Medium::Phone,
                Medium::Digital,
            ][n(6, 4)],
        },
        1 => ActionDef::Upgrade {
            channel: channel(1),
            negotiator: neg(2),
        },
        2 | 3 => ActionDef::Offer {
            channel: channel(1),
            clauses: s
                .issues
                .iter()
                .enumerate()
                .map(|(k, i)| ClauseDef {
                    issue: i.id.clone(),
                    option: i.options[n(k + 2, i.options.len())].id.clone(),
                    secret: n(k + 3, 2) == 0,
                })
                .collect(),
        },
        4 => ActionDef::Accept {
            channel: channel(1),
        },
        5 => ActionDef::Reject {
            channel: channel(1),
        },
        6 => ActionDef::Probe {
            channel: channel(1),
        },
        7 => ActionDef::Meet {
            channel: channel(1),
        },
        8 => ActionDef::Message {
            channel: channel(1),
        },
        9 => ActionDef::Statement {
            issue: s.issues[issue].id.clone(),
            option: s.issues[issue].options[n(4, s.issues[issue].options.len())]
                .id
                .clone(),
            tone: if n(5, 2) == 0 {
                backchannel::scenario::schema::Tone::Harden
            } else {
                backchannel::scenario::schema::Tone::Soften
            },
        },
        10 => ActionDef::Brief {
            stakeholder: s
                .stakeholders
                .get(n(2, s.stakeholders.len()))
                .map(|h| h.id.clone())
                .unwrap_or_default(),
            channel: channel(1),
        },
        11 => ActionDef::Compartmentalise {
            channel: channel(1),
        },
        12 => ActionDef::Deny,
        13 => ActionDef::Confirm {
            channel: channel(1),
        },
        14 => ActionDef::Escalate,
        15 => ActionDef::DeEscalate,
        16 => ActionDef::MoveVenue {
            channel: channel(1),
            via: s
                .intermediaries
                .get(n(2, s.intermediaries.len().max(1)))
                .map(|m| m.id.clone())
                .unwrap_or_default(),
            id: format!("x{}", n(3, 3)),
        },
        17 => ActionDef::Sign,
        _ => ActionDef::Wait,
    }
}

/// The invariants that must hold after every turn of any game.
pub fn check_invariants(g: &Game) {
    let w = g.world();
    let s = g.scenario();
    let clock = w.resource::<TurnClock>();
    assert!(
        clock.turn <= s.deadline,
        "turn {} past deadline {}",
        clock.turn,
        s.deadline
    );
    let esc = w.resource::<Escalation>();
    assert!(esc.level <= esc.war_at);
    assert!(
        esc.scrutiny.is_finite() && esc.scrutiny >= 0.0,
        "scrutiny {}",
        esc.scrutiny
    );
    for &e in &w.resource::<Roster>().channels {
        let ch = w.get::<Channel>(e).unwrap();
        let h = hazard_of(w, ch);
        assert!((0.0..=1.0).contains(&h), "hazard {h}");
        for (who, p) in privy_chances(w, ch) {
            assert!((0.0..=1.0).contains(&p), "{who:?} leaks with chance {p}");
        }
        assert!((0.0..=1.0).contains(&ch.trust), "trust {}", ch.trust);
        for end in ch.ends {
            assert!(
                ch.privy.contains(&Person::Negotiator(end)),
                "an end of {} is not privy",
                ch.id
            );
            assert!(
                ch.parties.contains(&s.negotiators[end].party),
                "an end of {} is of another party",
                ch.id
            );
        }
        if let Some(v) = ch.via {
            assert!(ch.privy.contains(&Person::Intermediary(v)));
        }
        for p in &ch.privy {
            match *p {
                Person::Negotiator(n) => assert!(n < s.negotiators.len()),
                Person::Intermediary(m) => assert!(m < s.intermediaries.len()),
                Person::Stakeholder(h) => {
                    assert!(
                        ch.parties.contains(&s.stakeholders[h].party),
                        "a stakeholder of a third party is privy"
                    )
                }
            }
        }
    }
    for &e in &w.resource::<Roster>().stakeholders {
        let h = w.get::<Stakeholder>(e).unwrap();
        assert!((0.0..=1.0).contains(&h.anger));
    }
    for &e in &w.resource::<Roster>().parties {
        let st = w.get::<Standing>(e).unwrap();
        assert!(
            (0.0..=1.0).contains(&st.credibility) && (0.0..=1.0).contains(&st.domestic_support),
            "credibility {} support {}",
            st.credibility,
            st.domestic_support
        );
        assert!(st.resolve.is_finite());
    }
    if let Some(o) = g.outcome() {
        for sc in &o.scores {
            assert!(sc.total.is_finite() && sc.deal.is_finite());
        }
    }
}
