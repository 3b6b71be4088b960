//! Components and resources: the state of one game, as ECS data.

use std::collections::BTreeSet;
use std::sync::Arc;

use bevy::prelude::*;
use serde::Serialize;

use crate::scenario::Scenario;
use crate::scenario::schema::{Authority, Awareness, ChannelKind, Medium, TypeKind};

/// The validated scenario this game plays.
#[derive(Resource, Clone)]
pub struct ScenarioRes(pub Arc<Scenario>);

/// The game's scenario as a system that needs it beside `&mut World` keeps it from run
/// to run (a `Local`): the shared reference is copied when the game's scenario changes,
/// not every turn (a copy and its drop are two atomic operations, which a batch of
/// games pays for measurably).
#[derive(Default)]
pub struct HeldScenario(Option<Arc<Scenario>>);

impl HeldScenario {
    /// The game's scenario (`current`, as [`ScenarioRes`] holds it), held.
    pub fn hold(&mut self, current: &Arc<Scenario>) -> &Arc<Scenario> {
        if !self
            .0
            .as_ref()
            .is_some_and(|held| Arc::ptr_eq(held, current))
        {
            self.0 = Some(current.clone());
        }
        self.0.as_ref().expect("held just above")
    }
}

/// A party at the table (index into `Scenario::parties`).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Party(pub usize);

/// How a party stands at home and abroad; all in 0..1.
#[derive(Component, Debug, Clone)]
pub struct Standing {
    pub credibility: f64,
    pub domestic_support: f64,
    pub resolve: f64,
}

/// What a party has said in public, and how firmly (audience costs).
#[derive(Component, Debug, Clone)]
pub struct PublicPosition {
    /// Option the party publicly demands, per issue.
    pub option: Vec<Option<usize>>,
    /// Number of hard-line statements per issue: each raises the cost of retreat.
    pub hardness: Vec<u32>,
    /// Public escalations not yet walked back: each locks the side in (its home front
    /// asks more of any deal) until a de-escalation pays to retreat.
    pub threats: u32,
    /// Hard-line statements made during the game, less softening ones.
    pub hardened: u32,
    /// Threats made in secret over a back channel: they bind no one at home, and the
    /// other side weighs them only when the danger is shared.
    pub secret_threats: u32,
}

impl PublicPosition {
    /// How much a side's public commitments raise its home front's bar for any deal.
    pub fn lock_in(&self) -> f64 {
        crate::sim::rules::concession::lock_in(self.threats, self.hardened)
    }
}

/// Action points left this turn.
#[derive(Component, Debug, Clone, Copy)]
pub struct ActionPoints(pub u32);

/// The hidden type the computer plays this party as, and its hidden walk-away point
/// (both drawn at start from the scenario, per seed).
#[derive(Component, Debug, Clone, Copy)]
pub struct HiddenType {
    pub kind: TypeKind,
    pub e: f64,
    /// The utility below which this side would rather walk away.
    pub reservation: f64,
}

/// What a party believes about the other's hidden type, from probing.
#[derive(Component, Debug, Clone, Default)]
pub struct Beliefs {
    pub other_type: Option<TypeKind>,
    /// How many probes support the belief.
    pub probes: u32,
}

/// Public denials not yet proven wrong: paid in credibility if a leak confirms them.
#[derive(Component, Debug, Clone, Default)]
pub struct Denials {
    pub debt: f64,
    /// A leak this party may still deny or confirm.
    pub rumour: bool,
}

/// What the other side's offers have revealed: the first and the best utility it has
/// offered this side, the last step up, and how many offers came.
#[derive(Component, Debug, Clone, Default)]
pub struct OfferMemory {
    pub first_offered: Option<f64>,
    pub best_offered: Option<f64>,
    pub last_gain: f64,
    pub offers: u32,
    /// The turn of the other side's latest offer.
    pub last_offer_turn: Option<u32>,
}

/// Who decides for a party, as far as the rules need to know. Which computer policy
/// plays a `Computer` seat is the computer player's own component.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seat {
    /// Actions come from outside (terminal, desktop UI, tests).
    Human,
    /// A computer player acts in the counterpart phase.
    #[default]
    Computer,
    /// Actions come from a script (historical path or `--script`).
    Script,
}

/// A person acting for a party.
#[derive(Component, Debug, Clone)]
pub struct Negotiator {
    pub index: usize,
    pub party: usize,
    pub authority: Authority,
    pub discretion: f64,
    /// At the table now (negotiators leave and arrive by scripted events).
    pub present: bool,
}

/// A third party that hosts or carries channels.
#[derive(Component, Debug, Clone)]
pub struct Intermediary {
    pub index: usize,
    pub discretion: f64,
    pub neutrality: f64,
    pub capacity: u32,
    pub meetings_this_turn: u32,
}

/// A group at home that is not at the table.
#[derive(Component, Debug, Clone)]
pub struct Stakeholder {
    pub index: usize,
    pub party: usize,
    pub influence: f64,
    pub spoiler_capacity: f64,
    pub discretion: f64,
    pub awareness: Awareness,
    pub anger: f64,
    /// Briefed by its own side (in the loop by choice, not by leak).
    pub briefed: bool,
    /// Has used its veto: its influence counts against ratification.
    pub vetoed: bool,
}

/// Someone who may be privy to a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Person {
    Negotiator(usize),
    Intermediary(usize),
    Stakeholder(usize),
}

/// Where a channel stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelStatus {
    Open,
    Dormant,
    Exposed,
    Closed,
}

/// How much a leak reveals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeakLevel {
    Existence,
    Content,
    SecretClause,
}

/// A line of talk between two negotiators.
#[derive(Component, Debug, Clone)]
pub struct Channel {
    pub index: usize,
    pub id: String,
    pub kind: ChannelKind,
    pub medium: Medium,
    /// Negotiator at each end: `ends[0]` is of party `parties[0]`.
    pub ends: [usize; 2],
    pub parties: [usize; 2],
    pub via: Option<usize>,
    pub privy: BTreeSet<Person>,
    pub staff: u32,
    pub age: u32,
    pub trust: f64,
    pub status: ChannelStatus,
    pub parent: Option<usize>,
    pub compartmentalised: bool,
    /// Highest level revealed so far.
    pub revealed: Option<LeakLevel>,
    /// A face-to-face meeting happened this turn (adds exposure).
    pub met_this_turn: bool,
    /// Turns with at least one offer.
    pub offers_made: u32,
}

impl Channel {
    pub fn is_back(&self) -> bool {
        self.kind != ChannelKind::Official
    }

    pub fn is_live(&self) -> bool {
        matches!(self.status, ChannelStatus::Open | ChannelStatus::Exposed)
    }

    /// The end (0 or 1) that belongs to `party`, if the party is on this channel.
    pub fn side_of(&self, party: usize) -> Option<usize> {
        self.parties.iter().position(|&p| p == party)
    }
}

/// A clause of an offer: one option of one issue, public or secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clause {
    pub issue: usize,
    pub option: usize,
    pub secret: bool,
}

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    Pending,
    Accepted,
    Rejected,
    Superseded,
}

/// A package sent by one party over one channel on one turn.
#[derive(Component, Debug, Clone)]
pub struct Offer {
    pub index: usize,
    pub from: usize,
    pub channel: usize,
    pub turn: u32,
    pub clauses: Vec<Clause>,
    pub status: OfferStatus,
}

impl Offer {
    /// The option chosen per issue (issues without a clause keep the first option),
    /// inline for up to 8 issues (no allocation each time an offer is weighed).
    pub fn package(&self, issues: usize) -> smallvec::SmallVec<[usize; 8]> {
        let mut p = smallvec::smallvec![0; issues];
        for c in &self.clauses {
            p[c.issue] = c.option;
        }
        p
    }
}

/// Index → entity maps, so rules can reach an entity by its scenario index.
#[derive(Resource, Debug, Default, Clone)]
pub struct Roster {
    pub parties: Vec<Entity>,
    pub negotiators: Vec<Entity>,
    pub intermediaries: Vec<Entity>,
    pub stakeholders: Vec<Entity>,
    pub channels: Vec<Entity>,
    pub offers: Vec<Entity>,
}

impl Roster {
    /// A copy of every stakeholder's current state, in scenario order.
    pub fn stakeholder_states(&self, world: &World) -> Vec<Stakeholder> {
        self.stakeholders
            .iter()
            .filter_map(|&e| world.get::<Stakeholder>(e).cloned())
            .collect()
    }
}

/// The turn counter and the deadline.
#[derive(Resource, Debug, Clone)]
pub struct TurnClock {
    pub turn: u32,
    pub deadline: u32,
    /// Set when the game is over; no phase runs after that.
    pub finished: bool,
}

/// The escalation ladder and the costs of delay paid so far.
#[derive(Resource, Debug, Clone)]
pub struct Escalation {
    pub level: u32,
    pub war_at: u32,
    /// Press and public attention: multiplies every leak chance.
    pub scrutiny: f64,
    pub delay_cost: [f64; 2],
    pub escalation_cost: [f64; 2],
    /// Turns in which the ladder went up.
    pub history: Vec<u32>,
}

/// A deal agreed in a channel, before and after signing.
#[derive(Debug, Clone)]
pub struct Deal {
    pub offer: usize,
    pub channel: usize,
    pub clauses: Vec<Clause>,
    pub accepted_turn: u32,
    pub signed_turn: Option<u32>,
    pub signed_by: Option<usize>,
    /// What the mediator pays each party if the deal is ratified (empty: nothing).
    pub payments: Vec<f64>,
}

/// A package the mediator put to both sides on the channel it hosts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub index: usize,
    pub channel: usize,
    pub turn: u32,
    pub clauses: Vec<Clause>,
    /// What it would pay each party if the deal is ratified.
    pub payments: Vec<f64>,
    /// Which parties have accepted it so far.
    pub accepted: Vec<bool>,
    pub status: OfferStatus,
}

/// The mediator's side of the game: its proposals and what it has left to pay.
#[derive(Resource, Debug, Clone, Default)]
pub struct MediatorState {
    pub proposals: Vec<Proposal>,
    pub budget_left: f64,
    /// Who sits in the mediator's seat: the computer, or a person whose proposals come
    /// from outside (then the computer mediator stays silent).
    pub seat: Seat,
}

impl MediatorState {
    /// The proposal pending on a channel, if any.
    pub fn pending_on(&self, channel: usize) -> Option<&Proposal> {
        self.proposals
            .iter()
            .rev()
            .find(|p| p.channel == channel && p.status == OfferStatus::Pending)
    }
}

/// The deal on the table, if any.
#[derive(Resource, Debug, Clone, Default)]
pub struct DealState(pub Option<Deal>);

/// Per-turn traces the debrief and the endless-game rule read.
#[derive(Resource, Debug, Clone, Default)]
pub struct History {
    /// Turns on which some offered package was above both reservations.
    pub zopa_turns: Vec<u32>,
    /// Leak hazard per channel per turn: (turn, channel, hazard).
    pub hazards: Vec<(u32, usize, f64)>,
    /// The state at the end of each turn, for the debrief's charts.
    pub snapshots: Vec<Snapshot>,
}

impl History {
    /// Empty, for a new game in the same world, keeping the room its lists have grown to.
    pub fn clear(&mut self) {
        let mut zopa_turns = std::mem::take(&mut self.zopa_turns);
        let mut hazards = std::mem::take(&mut self.hazards);
        let mut snapshots = std::mem::take(&mut self.snapshots);
        zopa_turns.clear();
        hazards.clear();
        snapshots.clear();
        *self = History {
            zopa_turns,
            hazards,
            snapshots,
        };
    }
}

/// Whether the end-of-turn [`Snapshot`]s are kept (absent: they are). A batch of games
/// nobody will chart turns them off; no rule reads them.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeepSnapshots(pub bool);

/// The state at the end of one turn.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub turn: u32,
    pub escalation: u32,
    /// (channel index, trust) of every live channel.
    pub trust: Vec<(usize, f64)>,
    /// Per party: domestic support and the mean anger of its stakeholders.
    pub support: Vec<f64>,
    pub anger: Vec<f64>,
}

/// Queued scripted actions: (turn, party, action), consumed in order.
#[derive(Resource, Debug, Clone, Default)]
pub struct Script(pub Vec<(u32, usize, crate::scenario::schema::ActionDef)>);
