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
use super::rules::leak::{aged_leak_chance, ageing, channel_hazard, medium_factor, scrutiny};
use super::rules::ratification::HomeFront;
use crate::scenario::Scenario;
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

impl Reading {
    /// How a side reads an option it values at `utility`.
    pub fn of(utility: f64) -> Self {
        match utility {
            u if u >= 0.66 => Reading::Welcome,
            u if u >= 0.33 => Reading::CouldLiveWith,
            _ => Reading::Resist,
        }
    }
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
                        .map(|o| Reading::of(o.utility[other]))
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
        channel_id_in(&self.channels, index)
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

/// The id of a channel in a view's list by index (`?` when the view does not hold it).
fn channel_id_in(channels: &[ChannelView], index: usize) -> &str {
    channels
        .iter()
        .find(|c| c.channel.index == index)
        .map(|c| c.channel.id.as_str())
        .unwrap_or("?")
}

/// Who is privy to a channel and how likely each is to leak this turn. Staff are one
/// combined source.
pub fn privy_chances(world: &World, ch: &Channel) -> Vec<(super::events::LeakSource, f64)> {
    privy_chances_in(
        &world.resource::<ScenarioRes>().0,
        world.resource::<Escalation>(),
        ch,
    )
}

/// [`privy_chances`] from the scenario and the escalation ladder.
pub fn privy_chances_in(
    scen: &Scenario,
    esc: &Escalation,
    ch: &Channel,
) -> Vec<(super::events::LeakSource, f64)> {
    each_privy_chance(scen, esc, ch).collect()
}

/// The sources [`privy_chances`] lists, in the same order, without the list.
fn each_privy_chance<'a>(
    scen: &'a Scenario,
    esc: &Escalation,
    ch: &'a Channel,
) -> impl Iterator<Item = (super::events::LeakSource, f64)> + use<'a> {
    use super::events::LeakSource;
    let rules = &scen.rules;
    let mut look = scrutiny(esc.level, esc.scrutiny);
    if ch.met_this_turn {
        // A face-to-face meeting is the hardest thing to hide.
        look *= 1.5;
    }
    let medium = medium_factor(&rules.medium, ch.medium);
    let aged = ageing(ch.age, rules.secrecy_half_life);
    let chance =
        move |discretion: f64| aged_leak_chance(rules.leak_base, discretion, medium, aged, look);
    let people = ch.privy.iter().map(move |&p| {
        let discretion = match p {
            Person::Negotiator(n) => scen.negotiators[n].discretion,
            Person::Intermediary(m) => scen.intermediaries[m].discretion,
            Person::Stakeholder(s) => scen.stakeholders[s].discretion,
        };
        (LeakSource::Person(p), chance(discretion))
    });
    let staff = (ch.staff > 0).then(|| {
        let one = chance(rules.staff_discretion);
        (
            LeakSource::Staff,
            channel_hazard(std::iter::repeat_n(one, ch.staff as usize)),
        )
    });
    people.chain(staff)
}

/// The leak hazard of a channel this turn (0 for official or non-open channels).
pub fn hazard_of(world: &World, ch: &Channel) -> f64 {
    hazard_in(
        &world.resource::<ScenarioRes>().0,
        world.resource::<Escalation>(),
        ch,
    )
}

/// [`hazard_of`] from the scenario and the escalation ladder.
pub fn hazard_in(scen: &Scenario, esc: &Escalation, ch: &Channel) -> f64 {
    if !ch.is_back() || ch.status != ChannelStatus::Open {
        return 0.0;
    }
    channel_hazard(each_privy_chance(scen, esc, ch).map(|(_, p)| p))
}

/// What a party's home front knows and feels now, for ratification and its estimates.
pub fn home_front(world: &World, party: usize) -> HomeFront {
    let pe = world.resource::<Roster>().parties[party];
    home_front_of(
        world.resource::<Escalation>(),
        world.get::<Standing>(pe),
        world.get::<PublicPosition>(pe),
    )
}

/// [`home_front`] from the ladder and the party's standing and public position.
pub fn home_front_of(
    esc: &Escalation,
    standing: Option<&Standing>,
    position: Option<&PublicPosition>,
) -> HomeFront {
    HomeFront {
        support: standing.map(|s| s.domestic_support).unwrap_or(0.5),
        danger: esc.level as f64 / esc.war_at.max(1) as f64,
        lock_in: position.map(|p| p.lock_in()).unwrap_or(0.0),
    }
}

/// Everything the mediator may see of the table now: the public record, the official
/// table and the channels its host keeps, its own proposals and the sides' answers,
/// and what is left of its budget. It never sees a side's secret back channels (until
/// they come out), its hidden walk-away point or its confidential instructions.
#[derive(Debug, Clone)]
pub struct MediatorView {
    pub turn: u32,
    pub deadline: u32,
    pub finished: bool,
    pub escalation: u32,
    pub war_at: u32,
    pub budget_left: f64,
    /// Why it may not propose now (`None`: it may).
    pub refusal: Option<super::events::Refusal>,
    /// The official channels, the channels its host keeps and any exposed back channel.
    pub channels: Vec<ChannelView>,
    /// Offers made on those channels, in order.
    pub offers: Vec<Offer>,
    /// Every proposal so far, with the sides' answers.
    pub proposals: Vec<Proposal>,
    /// Each side's stated public position.
    pub positions: Vec<PublicPosition>,
    /// How each side reads each option, as a mediator who knows the parties' interests
    /// (but not their walk-away points) reads them: `[issue][option][party]`.
    pub readings: Vec<Vec<Vec<Reading>>>,
    /// The deal, once agreed on a channel it sees, or once signed.
    pub deal: Option<Deal>,
    /// Events of the public record and of the channels it sees, in order.
    pub events: Vec<GameEvent>,
    pub outcome: Option<Outcome>,
}

impl MediatorView {
    /// Build the mediator's view from the world.
    pub fn build(world: &World) -> Self {
        let scen = &world.resource::<ScenarioRes>().0;
        let roster = world.resource::<Roster>();
        let clock = world.resource::<TurnClock>();
        let esc = world.resource::<Escalation>();
        let state = world.resource::<MediatorState>();
        let host = scen.mediator.as_ref().map(|m| m.host);
        let all: Vec<&Channel> = roster
            .channels
            .iter()
            .filter_map(|&e| world.get::<Channel>(e))
            .collect();
        let sees = |c: &Channel| {
            !c.is_back() || (host.is_some() && c.via == host) || c.status == ChannelStatus::Exposed
        };
        let seen: Vec<usize> = all.iter().filter(|c| sees(c)).map(|c| c.index).collect();
        let deal = world
            .resource::<DealState>()
            .0
            .clone()
            .filter(|d| d.signed_turn.is_some() || seen.contains(&d.channel));
        Self {
            turn: clock.turn,
            deadline: clock.deadline,
            finished: clock.finished,
            escalation: esc.level,
            war_at: esc.war_at,
            budget_left: state.budget_left,
            refusal: super::actions::mediation::mediator_refusal(world),
            channels: all
                .iter()
                .filter(|c| sees(c))
                .map(|c| ChannelView {
                    hazard: hazard_of(world, c),
                    channel: (*c).clone(),
                })
                .collect(),
            offers: roster
                .offers
                .iter()
                .filter_map(|&e| world.get::<Offer>(e))
                .filter(|o| seen.contains(&o.channel))
                .cloned()
                .collect(),
            proposals: state.proposals.clone(),
            positions: roster
                .parties
                .iter()
                .filter_map(|&e| world.get::<PublicPosition>(e).cloned())
                .collect(),
            deal,
            readings: scen
                .issues
                .iter()
                .map(|i| {
                    i.options
                        .iter()
                        .map(|o| o.utility.iter().map(|&u| Reading::of(u)).collect())
                        .collect()
                })
                .collect(),
            events: world
                .resource::<Chronicle>()
                .events
                .iter()
                .filter(|e| mediator_sees(e, &seen))
                .cloned()
                .collect(),
            outcome: world.resource::<OutcomeRes>().0.clone(),
        }
    }

    /// The id of a channel it sees by index (`?` otherwise).
    pub fn channel_id(&self, index: usize) -> &str {
        channel_id_in(&self.channels, index)
    }

    /// The proposal still waiting for answers, if any.
    pub fn pending(&self) -> Option<&Proposal> {
        self.proposals
            .iter()
            .rev()
            .find(|p| p.status == OfferStatus::Pending)
    }
}

/// Whether the mediator may know of an event: one of the public record (not a private
/// draw or a side's own secret) that happened at a table it sees, or none. A leak and a
/// confirmation are news whatever channel they concern.
pub fn mediator_sees(e: &GameEvent, seen: &[usize]) -> bool {
    use super::events::{Audience, EventKind as K};
    if e.audience != Audience::Everyone || e.kind.is_draw() {
        return false;
    }
    match &e.kind {
        K::Leaked { .. } | K::Confirmed { .. } => true,
        K::NegotiatorLeft { .. } => true,
        k => k.channel().is_none_or(|c| seen.contains(&c)),
    }
}
