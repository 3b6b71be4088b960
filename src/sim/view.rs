//! What one side may see: the read model every front-end renders.
//!
//! [`SideView::build`] decides, once and in the simulation, which channels, offers,
//! stakeholders, events and intelligence a side knows of. The terminal, the desktop,
//! the JSON report and (later) the classroom server render a `SideView`; none of them
//! reads the world to decide what a side may know.

use bevy::prelude::*;

use super::components::*;
use super::events::{Chronicle, GameEvent};
use super::outcome::{Outcome, OutcomeRes};
use super::rules::leak::{channel_hazard, medium_factor, person_leak_chance, scrutiny};
use super::rules::ratification::HomeFront;
use crate::scenario::schema::TypeKind;

/// A channel as its side sees it, with this turn's leak hazard.
#[derive(Debug, Clone)]
pub struct ChannelView {
    pub channel: Channel,
    /// Chance it leaks this turn (0 for official, dormant or exposed channels).
    pub hazard: f64,
}

/// How the other side feels about an option, as far as probing has shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Welcome,
    CouldLiveWith,
    Resist,
}

/// What a side has learnt about the other by probing.
#[derive(Debug, Clone, Default)]
pub struct Intel {
    /// The type the signals suggest, and how many probes agree.
    pub believed_type: Option<TypeKind>,
    pub probes: u32,
    /// Per issue and option, how the other side feels (after at least one probe).
    pub readings: Option<Vec<Vec<Reading>>>,
}

/// Everything one side may see of the table now.
#[derive(Debug, Clone)]
pub struct SideView {
    pub side: usize,
    pub other: usize,
    pub turn: u32,
    pub deadline: u32,
    pub finished: bool,
    pub points: u32,
    pub escalation: u32,
    pub war_at: u32,
    pub standing: Standing,
    pub position: PublicPosition,
    /// A rumour of this side's secret talks is out; it may deny or confirm.
    pub rumour: bool,
    /// Channels this side sits on, in creation order, whatever their status.
    pub channels: Vec<ChannelView>,
    /// This side's own stakeholders (the other side's home front is not visible).
    pub stakeholders: Vec<Stakeholder>,
    /// Offers made on this side's channels, in order.
    pub offers: Vec<Offer>,
    /// The mediator's proposals pending on this side's channels.
    pub proposals: Vec<Proposal>,
    /// The deal agreed on one of this side's channels, if any.
    pub deal: Option<Deal>,
    pub intel: Intel,
    /// Events this side may know of, in order.
    pub events: Vec<GameEvent>,
    pub outcome: Option<Outcome>,
}

impl SideView {
    /// Build the view of `side` from the world.
    pub fn build(world: &World, side: usize) -> Self {
        let scen = &world.resource::<ScenarioRes>().0;
        let roster = world.resource::<Roster>();
        let pe = roster.parties[side];
        let clock = world.resource::<TurnClock>();
        let esc = world.resource::<Escalation>();
        let channels: Vec<ChannelView> = roster
            .channels
            .iter()
            .filter_map(|&e| world.get::<Channel>(e))
            .filter(|c| c.side_of(side).is_some())
            .map(|c| ChannelView {
                hazard: hazard_of(world, c),
                channel: c.clone(),
            })
            .collect();
        let mine = |ci: usize| channels.iter().any(|c| c.channel.index == ci);
        let offers = roster
            .offers
            .iter()
            .filter_map(|&e| world.get::<Offer>(e))
            .filter(|o| mine(o.channel))
            .cloned()
            .collect();
        let proposals = world
            .get_resource::<MediatorState>()
            .map(|m| {
                m.proposals
                    .iter()
                    .filter(|p| p.status == OfferStatus::Pending && mine(p.channel))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let beliefs = world.get::<Beliefs>(pe).cloned().unwrap_or_default();
        let other = scen.other_party(side);
        let readings = (beliefs.probes > 0).then(|| {
            scen.issues
                .iter()
                .map(|i| {
                    i.options
                        .iter()
                        .map(|o| match o.utility[other] {
                            u if u >= 0.66 => Reading::Welcome,
                            u if u >= 0.33 => Reading::CouldLiveWith,
                            _ => Reading::Resist,
                        })
                        .collect()
                })
                .collect()
        });
        SideView {
            side,
            other,
            turn: clock.turn,
            deadline: clock.deadline,
            finished: clock.finished,
            points: world.get::<ActionPoints>(pe).map(|a| a.0).unwrap_or(0),
            escalation: esc.level,
            war_at: esc.war_at,
            standing: world
                .get::<Standing>(pe)
                .cloned()
                .expect("party has standing"),
            position: world
                .get::<PublicPosition>(pe)
                .cloned()
                .expect("party has a position"),
            rumour: world.get::<Denials>(pe).is_some_and(|d| d.rumour),
            proposals,
            stakeholders: roster
                .stakeholders
                .iter()
                .filter_map(|&e| world.get::<Stakeholder>(e))
                .filter(|h| h.party == side)
                .cloned()
                .collect(),
            deal: world
                .resource::<DealState>()
                .0
                .clone()
                .filter(|d| mine(d.channel)),
            offers,
            channels,
            intel: Intel {
                believed_type: beliefs.other_type,
                probes: beliefs.probes,
                readings,
            },
            events: world
                .resource::<Chronicle>()
                .visible_to(Some(side))
                .cloned()
                .collect(),
            outcome: world.resource::<OutcomeRes>().0.clone(),
        }
    }

    /// The id of one of this side's channels by index (`?` for a channel it does not sit on).
    pub fn channel_id(&self, index: usize) -> &str {
        self.channels
            .iter()
            .find(|c| c.channel.index == index)
            .map(|c| c.channel.id.as_str())
            .unwrap_or("?")
    }

    /// Offers still waiting for an answer.
    /// Whether the other side's offer waits for this side's answer on a channel.
    pub fn their_offer_waits(&self, channel: usize) -> bool {
        self.pending_offers()
            .any(|o| o.channel == channel && o.from != self.side)
    }

    pub fn pending_offers(&self) -> impl Iterator<Item = &Offer> {
        self.offers
            .iter()
            .filter(|o| o.status == OfferStatus::Pending)
    }
}

/// Who is privy to a channel and how likely each is to leak this turn. Staff are one
/// combined source.
pub fn privy_chances(world: &World, ch: &Channel) -> Vec<(super::events::LeakSource, f64)> {
    use super::events::LeakSource;
    let scen = &world.resource::<ScenarioRes>().0;
    let esc = world.resource::<Escalation>();
    let rules = &scen.rules;
    let mut look = scrutiny(esc.level, esc.scrutiny);
    if ch.met_this_turn {
        // A face-to-face meeting is the hardest thing to hide.
        look *= 1.5;
    }
    let medium = medium_factor(&rules.medium, ch.medium);
    let chance = |discretion: f64| {
        person_leak_chance(
            rules.leak_base,
            discretion,
            medium,
            ch.age,
            rules.secrecy_half_life,
            look,
        )
    };
    let mut out = Vec::with_capacity(ch.privy.len() + 1);
    for &p in &ch.privy {
        let discretion = match p {
            Person::Negotiator(n) => scen.negotiators[n].discretion,
            Person::Intermediary(m) => scen.intermediaries[m].discretion,
            Person::Stakeholder(s) => scen.stakeholders[s].discretion,
        };
        out.push((LeakSource::Person(p), chance(discretion)));
    }
    if ch.staff > 0 {
        let one = chance(rules.staff_discretion);
        out.push((
            LeakSource::Staff,
            channel_hazard(std::iter::repeat_n(one, ch.staff as usize)),
        ));
    }
    out
}

/// The leak hazard of a channel this turn (0 for official or non-open channels).
pub fn hazard_of(world: &World, ch: &Channel) -> f64 {
    if !ch.is_back() || ch.status != ChannelStatus::Open {
        return 0.0;
    }
    channel_hazard(privy_chances(world, ch).into_iter().map(|(_, p)| p))
}

/// What a party's home front knows and feels now, for ratification and its estimates.
pub fn home_front(world: &World, party: usize) -> HomeFront {
    let pe = world.resource::<Roster>().parties[party];
    let esc = world.resource::<Escalation>();
    HomeFront {
        support: world
            .get::<Standing>(pe)
            .map(|s| s.domestic_support)
            .unwrap_or(0.5),
        danger: esc.level as f64 / esc.war_at.max(1) as f64,
        lock_in: world
            .get::<PublicPosition>(pe)
            .map(|p| p.lock_in())
            .unwrap_or(0.0),
    }
}
