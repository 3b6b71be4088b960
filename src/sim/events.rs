//! The chronicle: every change the simulation makes, as typed events, in order.
//!
//! Game logic (the rules, the computer's memory, the debrief's ideas, the per-side
//! view) reads these events; English is written from them in one place,
//! [`crate::narrate`], so wording can change without changing behaviour.

use bevy::prelude::Resource;
use serde::Serialize;

use super::components::{Clause, LeakLevel, Person};
use super::outcome::Implementation;
use super::rules::ratification::Vote;
use crate::scenario::schema::{ActionKind, Medium, SpoilerAct, Tone, TypeKind};

/// The turn phase an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Setup,
    Briefing,
    PlayerActions,
    CounterpartActions,
    Stakeholders,
    Exposure,
    Clock,
    Resolution,
}

/// Who may know that an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Both sides (and the public record).
    Everyone,
    /// Only this party: probe results, briefings, its own refusals, private draws.
    Only(usize),
}

impl Audience {
    /// Whether `side` may see an event with this audience (`None` is the omniscient
    /// debrief, which sees everything).
    pub fn admits(self, side: Option<usize>) -> bool {
        match (self, side) {
            (Audience::Everyone, _) | (_, None) => true,
            (Audience::Only(p), Some(s)) => p == s,
        }
    }
}

/// Who let a secret slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeakSource {
    /// Someone privy to the channel.
    Person(Person),
    /// One of the channel's anonymous staff (staff serve both ends of a channel).
    Staff,
    /// A stakeholder who dug up the secret and went to the press.
    Spoiler(usize),
    /// A bulk leak of digital traffic.
    Bulk,
}

/// Why the escalation ladder moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LadderCause {
    /// A party escalated or de-escalated on purpose.
    Move,
    /// The crisis drifted upwards by itself.
    Drift,
    /// A scripted event of the scenario moved it.
    Event,
}

/// Why an action was refused. Refusals change nothing; they are recorded so a player
/// can see what went wrong and a test can assert on the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    GameOver,
    NoSuchParty(usize),
    NotAllowed(ActionKind),
    TooCostly {
        action: ActionKind,
        cost: u32,
        left: u32,
    },
    DealSigned,
    ChannelNameMissing,
    ChannelExists(String),
    NoSuchNegotiator(String),
    NotYourNegotiator {
        negotiator: usize,
        party: usize,
    },
    OwnSide(usize),
    NoSuchIntermediary(String),
    NoSuchChannel(String),
    NotOnChannel(String),
    ChannelNotLive {
        channel: String,
        status: super::components::ChannelStatus,
    },
    NoMoreAuthority {
        negotiator: usize,
        current: usize,
    },
    EmptyOffer,
    NotDormant {
        channel: String,
        status: super::components::ChannelStatus,
    },
    /// The option is one of the acting side's red lines.
    RedLine {
        issue: String,
        option: String,
    },
    NoSuchIssue(String),
    NoSuchOption {
        issue: String,
        option: String,
    },
    IssueTwice(String),
    SecretOnPublicChannel {
        issue: String,
        channel: String,
        /// A back channel whose existence has come out (or that is no longer open).
        exposed: bool,
    },
    NoPendingOffer(String),
    HostFull(usize),
    NoSuchStakeholder(String),
    NotYourStakeholder(usize),
    AlreadyPrivy {
        stakeholder: usize,
        channel: String,
    },
    OfficialCompartment,
    NoStaff(String),
    NoRumour,
    OfficialIsPublic(String),
    AlreadyPublic(String),
    AtCalmest,
    AtWar,
    SameHost(usize),
    /// The negotiator is not at the table (not yet arrived, or gone).
    NegotiatorAbsent(usize),
    /// The go-between cannot carry or host talks this turn.
    HostUnavailable(usize),
    /// A secret threat needs a back channel whose existence is still secret.
    ThreatNeedsSecretChannel(String),
    /// The scenario's era did not have this medium.
    MediumOfAnotherEra(Medium),
    VenueNameTaken(String),
    NoDeal,
    NotOnDealChannel,
    NoCommitter {
        channel: String,
        party: usize,
        negotiator: usize,
    },
    // The mediator's seat (a person proposing packages).
    /// The scenario has no mediator.
    NoMediator,
    /// The computer sits in the mediator's seat in this game.
    MediatorIsComputer,
    /// The mediator joins the talks only from this turn.
    MediatorNotYet(u32),
    /// The mediator has already put a proposal this turn.
    ProposedThisTurn,
    /// A deal is already agreed; proposals are moot.
    DealAgreed,
    /// There is no table to put a proposal on: no live official channel (when the
    /// mediator speaks at the public table), or no negotiators to invite.
    NoTable,
    /// No party has this id (in a payment).
    UnknownParty(String),
    /// A payment must be a number from 0 up.
    BadPayment(String),
    /// The payments come to more than the budget left (both in thousandths).
    OverBudget {
        asked: u32,
        left: u32,
    },
}

/// What happened. Indices refer to the scenario (parties, negotiators, stakeholders,
/// issues) or to the game's channels and offers, in creation order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    // Briefing
    TurnOpened {
        turn: u32,
        deadline: u32,
        level: u32,
    },
    /// A scripted scenario event fired (index into `Scenario::events`).
    Scripted {
        event: usize,
    },
    /// A press story the instructor put into the game (classroom server): both sides
    /// read it, and public scrutiny rises.
    PressStory {
        headline: String,
    },

    // Actions
    Waited,
    ChannelOpened {
        channel: usize,
        from: usize,
        to: usize,
        via: Option<usize>,
        medium: Medium,
    },
    ChannelUpgraded {
        channel: usize,
        negotiator: usize,
    },
    Offered {
        channel: usize,
        offer: usize,
        clauses: Vec<Clause>,
        /// Support lost for retreating in public from a stated position.
        audience_cost: f64,
    },
    Accepted {
        channel: usize,
        clauses: Vec<Clause>,
    },
    Rejected {
        channel: usize,
    },
    ProbeDrawn {
        draw: f64,
        chance: f64,
    },
    Probed {
        channel: usize,
        signal: TypeKind,
        consistent: u32,
    },
    Met {
        channel: usize,
        trust: f64,
    },
    Messaged {
        channel: usize,
    },
    Stated {
        issue: usize,
        option: usize,
        tone: Tone,
    },
    Briefed {
        stakeholder: usize,
        channel: usize,
    },
    Revived {
        channel: usize,
    },
    Compartmentalised {
        channel: usize,
        staff: u32,
    },
    Denied,
    Confirmed {
        channel: usize,
    },
    /// A party's own escalation move (the ladder's new rung follows as `LadderMoved`).
    Escalated {
        up: bool,
    },
    LadderMoved {
        level: u32,
        cause: LadderCause,
    },
    /// A negotiator left the talks; the channels at their end fell dormant.
    NegotiatorLeft {
        negotiator: usize,
        channels: Vec<usize>,
    },
    /// A negotiator joined (or rejoined) the talks.
    NegotiatorArrived {
        negotiator: usize,
    },
    /// The mediator invited both sides to talks through its host.
    MediatorInvited {
        channel: usize,
    },
    /// The mediator put a package to both sides.
    Proposed {
        channel: usize,
        proposal: usize,
        clauses: Vec<Clause>,
        payments: Vec<f64>,
    },
    /// A party accepted (waiting for the other) or rejected the mediator's proposal.
    ProposalAnswered {
        channel: usize,
        proposal: usize,
        accept: bool,
    },
    /// A threat made in secret over a back channel.
    Threatened {
        channel: usize,
    },
    VenueMoved {
        from: usize,
        via: usize,
        to: usize,
    },
    Signed,
    Refused {
        action: ActionKind,
        reason: Refusal,
    },

    // Stakeholders
    SuspicionGrew {
        stakeholder: usize,
        draw: f64,
        chance: f64,
    },
    SpoilerActed {
        stakeholder: usize,
        act: SpoilerAct,
        /// A would-be leaker found no secret channel to leak.
        found_nothing: bool,
        draw: f64,
        chance: f64,
    },

    // Exposure
    LeakRolled {
        channel: usize,
        draw: f64,
        hazard: f64,
        leaked: bool,
    },
    Leaked {
        channel: usize,
        level: LeakLevel,
        source: LeakSource,
    },
    DenialsProven {
        credibility_lost: f64,
    },
    BulkRolled {
        draw: f64,
        chance: f64,
        hit: bool,
    },

    // Clock
    BrinkRolled {
        draw: f64,
        chance: f64,
        war: bool,
    },
    DriftRolled {
        draw: f64,
        chance: f64,
        climbed: bool,
    },
    WarBroke,
    DeadlinePassed {
        endless: bool,
    },

    // Resolution
    Voted {
        vote: Vote,
    },
    RatificationDecided {
        ratified: bool,
        share: f64,
        threshold: f64,
    },
    EpilogueSpoiler {
        round: u32,
        stakeholder: usize,
        draw: f64,
        chance: f64,
        damage: f64,
    },
    EpilogueSecretOut {
        round: u32,
        issue: usize,
    },
    Implemented {
        result: Implementation,
        damage: f64,
    },
    AgreementConcluded {
        ratified: bool,
    },
}

impl EventKind {
    /// The action kind an event reports the success of, if it is an action's result.
    pub fn action(&self) -> Option<ActionKind> {
        Some(match self {
            EventKind::Waited => ActionKind::Wait,
            EventKind::ChannelOpened { .. } => ActionKind::OpenChannel,
            EventKind::ChannelUpgraded { .. } => ActionKind::Upgrade,
            EventKind::Offered { .. } => ActionKind::Offer,
            EventKind::Accepted { .. } => ActionKind::Accept,
            EventKind::Rejected { .. } => ActionKind::Reject,
            EventKind::ProposalAnswered { accept: true, .. } => ActionKind::Accept,
            EventKind::ProposalAnswered { accept: false, .. } => ActionKind::Reject,
            EventKind::Probed { .. } => ActionKind::Probe,
            EventKind::Met { .. } => ActionKind::Meet,
            EventKind::Messaged { .. } => ActionKind::Message,
            EventKind::Stated { .. } => ActionKind::Statement,
            EventKind::Briefed { .. } => ActionKind::Brief,
            EventKind::Compartmentalised { .. } => ActionKind::Compartmentalise,
            EventKind::Revived { .. } => ActionKind::Revive,
            EventKind::Denied => ActionKind::Deny,
            EventKind::Confirmed { .. } => ActionKind::Confirm,
            EventKind::Escalated { up: true } => ActionKind::Escalate,
            EventKind::Escalated { up: false } => ActionKind::DeEscalate,
            EventKind::Threatened { .. } => ActionKind::Threaten,
            EventKind::VenueMoved { .. } => ActionKind::MoveVenue,
            EventKind::Signed => ActionKind::Sign,
            _ => return None,
        })
    }

    /// The channel an event happened on, if it happened on one.
    pub fn channel(&self) -> Option<usize> {
        use EventKind as K;
        match self {
            K::ChannelOpened { channel, .. }
            | K::ChannelUpgraded { channel, .. }
            | K::Offered { channel, .. }
            | K::Accepted { channel, .. }
            | K::Rejected { channel }
            | K::Probed { channel, .. }
            | K::Met { channel, .. }
            | K::Messaged { channel }
            | K::Briefed { channel, .. }
            | K::Revived { channel }
            | K::Compartmentalised { channel, .. }
            | K::Confirmed { channel }
            | K::MediatorInvited { channel }
            | K::Proposed { channel, .. }
            | K::ProposalAnswered { channel, .. }
            | K::Threatened { channel }
            | K::LeakRolled { channel, .. }
            | K::Leaked { channel, .. } => Some(*channel),
            K::VenueMoved { to, .. } => Some(*to),
            _ => None,
        }
    }

    /// Whether the event is a random draw (shown only on request: `log`, `--draws`).
    pub fn is_draw(&self) -> bool {
        matches!(
            self,
            EventKind::ProbeDrawn { .. }
                | EventKind::SuspicionGrew { .. }
                | EventKind::LeakRolled { .. }
                | EventKind::BulkRolled { .. }
                | EventKind::BrinkRolled { .. }
                | EventKind::DriftRolled { .. }
        )
    }
}

/// One thing that happened: when, in which phase, about whom, who may know, and what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GameEvent {
    pub turn: u32,
    pub phase: Phase,
    /// The party the event is about or was done by, if any.
    pub party: Option<usize>,
    pub audience: Audience,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// A leak, as the debrief and the report list it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeakRecord {
    pub turn: u32,
    pub channel: usize,
    pub level: LeakLevel,
    pub source: LeakSource,
}

/// Every event of the game so far, plus what narration needs to name channels.
#[derive(Resource, Debug, Clone, Default)]
pub struct Chronicle {
    pub events: Vec<GameEvent>,
    /// The phase now running (stamped on new events).
    pub phase: Option<Phase>,
    pub turn: u32,
    /// Channel ids by channel index, so events can name channels without the world.
    pub channel_ids: Vec<String>,
}

impl Chronicle {
    /// Empty, for a new game in the same world, keeping the room its lists have grown
    /// to (a batch of games then does not grow them again from nothing every game).
    pub fn clear(&mut self) {
        let (mut events, mut channel_ids) = (
            std::mem::take(&mut self.events),
            std::mem::take(&mut self.channel_ids),
        );
        events.clear();
        channel_ids.clear();
        *self = Chronicle {
            events,
            channel_ids,
            ..Chronicle::default()
        };
    }

    /// Record a public event about `party` (or about no one).
    pub fn record(&mut self, party: Option<usize>, kind: EventKind) {
        self.push(party, Audience::Everyone, kind);
    }

    /// Record an event only `party` may know of.
    pub fn record_private(&mut self, party: usize, kind: EventKind) {
        self.push(Some(party), Audience::Only(party), kind);
    }

    fn push(&mut self, party: Option<usize>, audience: Audience, kind: EventKind) {
        self.events.push(GameEvent {
            turn: self.turn,
            phase: self.phase.unwrap_or(Phase::Setup),
            party,
            audience,
            kind,
        });
    }

    /// Events `side` may see (`None`: all of them, for the debrief after the game).
    pub fn visible_to(&self, side: Option<usize>) -> impl Iterator<Item = &GameEvent> {
        self.events.iter().filter(move |e| e.audience.admits(side))
    }

    /// How many actions were refused so far.
    pub fn refusals(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Refused { .. }))
            .count()
    }

    /// Whether `party` successfully took an action of `kind` during `turn`.
    pub fn did(&self, party: usize, kind: ActionKind, turn: u32) -> bool {
        self.events
            .iter()
            .rev()
            .take_while(|e| e.turn >= turn)
            .any(|e| e.turn == turn && e.party == Some(party) && e.kind.action() == Some(kind))
    }

    /// Every leak so far, in order.
    pub fn leaks(&self) -> impl Iterator<Item = LeakRecord> + '_ {
        self.events.iter().filter_map(|e| match e.kind {
            EventKind::Leaked {
                channel,
                level,
                source,
            } => Some(LeakRecord {
                turn: e.turn,
                channel,
                level,
                source,
            }),
            _ => None,
        })
    }

    /// Whether `party` took an action of `kind` in the `turns` turns up to `turn`.
    pub fn did_within(&self, party: usize, kind: ActionKind, turn: u32, turns: u32) -> bool {
        (0..turns).any(|k| turn >= k && self.did(party, kind, turn - k))
    }

    /// The id of a channel by index.
    pub fn channel_id(&self, channel: usize) -> &str {
        self.channel_ids
            .get(channel)
            .map(String::as_str)
            .unwrap_or("?")
    }
}
