//! The scenario file as instructors write it: serde types with string ids.
//!
//! Every struct denies unknown fields so a typo is an error, not a silently ignored
//! line. [`super::validate`] turns these into the checked [`super::model::Scenario`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The newest scenario format this build reads.
pub const FORMAT_VERSION: u32 = 2;

/// The first format version that may name a mediator (version-1 files load as they are).
pub const MEDIATOR_VERSION: u32 = 2;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub version: u32,
    pub id: String,
    pub title: String,
    pub year: i32,
    pub summary: String,
    #[serde(default)]
    pub difficulty: Difficulty,
    #[serde(default)]
    pub teaching_goals: Vec<String>,
    #[serde(default)]
    pub sources: Vec<SourceDef>,
    pub calendar: CalendarDef,
    #[serde(default)]
    pub rules: RulesDef,
    pub parties: Vec<PartyDef>,
    pub negotiators: Vec<NegotiatorDef>,
    #[serde(default)]
    pub intermediaries: Vec<IntermediaryDef>,
    /// A third actor with interests of its own that hosts talks, puts its own
    /// proposals to both sides and can pay to close a deal (format version 2).
    #[serde(default)]
    pub mediator: Option<MediatorDef>,
    #[serde(default)]
    pub stakeholders: Vec<StakeholderDef>,
    pub issues: Vec<IssueDef>,
    #[serde(default)]
    pub channels: Vec<ChannelDef>,
    #[serde(default)]
    pub events: Vec<EventDef>,
    #[serde(default)]
    pub historical: Option<HistoricalDef>,
    #[serde(default)]
    pub debrief: Vec<String>,
}

/// How hard the scenario is for a newcomer (shown on the picker).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Difficulty {
    Tutorial,
    Easy,
    #[default]
    Medium,
    Hard,
}

/// A work the scenario draws on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    pub author: String,
    pub title: String,
    pub year: i32,
}

/// What a turn means and when time runs out.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    /// "day", "three weeks"…
    pub turn_length: String,
    /// One calendar label per turn; turns past the list are labelled "turn N".
    #[serde(default)]
    pub labels: Vec<String>,
    /// The last turn on which a deal can be signed (turns count from 1).
    pub deadline: u32,
    /// Turns of implementation simulated after a signed deal.
    #[serde(default = "default_epilogue")]
    pub epilogue_turns: u32,
}

fn default_epilogue() -> u32 {
    4
}

/// Tuning knobs of the rules; every one has a default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RulesDef {
    pub action_points: u32,
    /// Per-person leak chance per turn of a person with discretion 0.
    pub leak_base: f64,
    pub secrecy_half_life: f64,
    pub staff_discretion: f64,
    pub medium: MediumFactors,
    /// Per-turn chance that a bulk leak of digital traffic happens at all.
    pub bulk_leak_chance: f64,
    pub audience_cost: f64,
    pub ratification_threshold: f64,
    /// Chance per turn that an unaware stakeholder grows suspicious per open back channel.
    pub suspicion_rate: f64,
    pub escalation: EscalationDef,
    /// Actions the scenario allows; empty means all.
    pub allowed_actions: Vec<ActionKind>,
    /// How far above its stated reservation a computer side's hidden walk-away point
    /// may be drawn (uniformly, per seed): the player cannot know exactly where the
    /// other side's bottom line is.
    pub reservation_spread: f64,
    /// The media of the scenario's era: channels can only be opened on these. Empty
    /// means all four (a 1962 crisis lists no `Digital`).
    pub media: Vec<Medium>,
}

impl Default for RulesDef {
    fn default() -> Self {
        Self {
            action_points: 3,
            leak_base: 0.02,
            secrecy_half_life: 6.0,
            staff_discretion: 0.9,
            medium: MediumFactors::default(),
            bulk_leak_chance: 0.0,
            audience_cost: 0.3,
            ratification_threshold: 0.5,
            suspicion_rate: 0.04,
            escalation: EscalationDef::default(),
            allowed_actions: Vec::new(),
            reservation_spread: 0.4,
            media: Vec::new(),
        }
    }
}

/// How much each medium multiplies a person's leak chance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediumFactors {
    pub face_to_face: f64,
    pub courier: f64,
    pub phone: f64,
    pub digital: f64,
}

impl Default for MediumFactors {
    fn default() -> Self {
        Self {
            face_to_face: 0.6,
            courier: 1.0,
            phone: 1.3,
            digital: 2.0,
        }
    }
}

/// The escalation ladder and the price of waiting.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct EscalationDef {
    /// Rungs from calm upward; the last one is war.
    pub levels: Vec<String>,
    pub start: u32,
    /// Chance per turn without a deal that the ladder climbs one rung by itself.
    pub drift: f64,
    /// Score lost by every party for each turn without a deal.
    pub delay_cost: f64,
    /// Extra score lost per turn for each rung above calm.
    pub cost_per_level: f64,
    /// What the last rung is called as an outcome ("Nuclear war", "Collapse of the
    /// summit"); empty means the last rung's own name.
    pub failure: String,
}

impl Default for EscalationDef {
    fn default() -> Self {
        Self {
            levels: vec![
                "Calm".into(),
                "Tension".into(),
                "Crisis".into(),
                "Confrontation".into(),
                "War".into(),
            ],
            start: 0,
            drift: 0.1,
            delay_cost: 0.01,
            cost_per_level: 0.01,
            failure: String::new(),
        }
    }
}

/// A state or movement at the table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartyDef {
    pub id: String,
    pub name: String,
    #[serde(default = "yes")]
    pub playable: bool,
    /// Weight of each issue in the party's utility (normalised on load).
    pub weights: BTreeMap<String, f64>,
    /// Utility of walking away.
    pub reservation: f64,
    pub resolve: f64,
    pub credibility: f64,
    pub domestic_support: f64,
    /// The party's public position at the start: issue id → option id.
    #[serde(default)]
    pub position: BTreeMap<String, String>,
    /// The hidden types the computer may play this party as.
    #[serde(default)]
    pub types: Vec<TypeDef>,
    #[serde(default)]
    pub preconditions: Vec<String>,
    /// Confidential instructions shown to the player of this side.
    #[serde(default)]
    pub briefing: String,
    /// Options this side will never agree to, whatever it gains elsewhere: it may
    /// neither offer nor accept a package containing one.
    #[serde(default)]
    pub red_lines: Vec<RedLineDef>,
}

/// An option of an issue that someone will never accept.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RedLineDef {
    pub issue: String,
    pub option: String,
}

fn yes() -> bool {
    true
}

/// A hidden negotiating type and the chance the computer draws it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    pub kind: TypeKind,
    /// Concession exponent: below 1 concedes late, above 1 early.
    pub e: f64,
    pub weight: f64,
}

/// The families of counterpart behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum TypeKind {
    Hardliner,
    Conceder,
    Reciprocator,
}

/// How far a negotiator may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Authority {
    None,
    Explore,
    Commit,
}

/// A person acting for a party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NegotiatorDef {
    pub id: String,
    pub name: String,
    pub party: String,
    #[serde(default)]
    pub role: String,
    pub authority: Authority,
    pub discretion: f64,
    /// At the table when the game starts; one who is not arrives by an `Arrive` event.
    #[serde(default = "yes")]
    pub present: bool,
}

/// A third party that carries or hosts a channel.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IntermediaryDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub neutrality: f64,
    pub discretion: f64,
    /// Meetings it can host per turn.
    #[serde(default = "one")]
    pub capacity: u32,
    /// The first turn it can carry or host talks (U Thant entered the Cuban crisis on
    /// its ninth day).
    #[serde(default = "one")]
    pub available_from: u32,
    /// The last turn it can, if it withdraws.
    #[serde(default)]
    pub available_until: Option<u32>,
}

fn one() -> u32 {
    1
}

fn two() -> u32 {
    2
}

/// The mediator: a third actor (Norway at Oslo, U Thant in 1962, the host of a summit)
/// that hosts talks through one of the intermediaries, proposes packages to both sides
/// and may pay part of the price of a deal. Played by the computer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MediatorDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The intermediary through which it hosts (its availability applies).
    pub host: String,
    /// The first turn it may propose (it also waits for its host to be available).
    #[serde(default = "one")]
    pub from_turn: u32,
    /// Turns between its proposals while nothing is agreed.
    #[serde(default = "two")]
    pub every: u32,
    /// Its own interests: issue id → option id → value (0..1). Options left out are
    /// worth 0.5 to it; with no interests it wants only a deal both sides gain from.
    #[serde(default)]
    pub interests: BTreeMap<String, BTreeMap<String, f64>>,
    /// How much its own interests weigh against the parties' joint gain (0..1).
    #[serde(default)]
    pub self_interest: f64,
    /// What it can pay over the game, in utility, to a side its proposal leaves short
    /// of what that side needs (aid, guarantees).
    #[serde(default)]
    pub budget: f64,
    /// It works in public, at the official table (the first official channel open),
    /// rather than on a quiet channel of its own through its host (U Thant at the UN).
    #[serde(default)]
    pub public_table: bool,
}

/// How much a stakeholder knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Awareness {
    #[default]
    Unaware,
    Suspicious,
    Informed,
    InTheLoop,
}

/// What an angry stakeholder can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum SpoilerAct {
    Veto,
    Campaign,
    Leak,
    Violence,
    Pressure,
    /// Campaigns in public *for* a deal it likes, once one is agreed: its side's
    /// support rises.
    CampaignFor,
}

/// A group inside a party that is not at the table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StakeholderDef {
    pub id: String,
    pub name: String,
    pub party: String,
    pub influence: f64,
    /// Lowest stance of the visible package it will ratify.
    pub reservation: f64,
    #[serde(default)]
    pub awareness: Awareness,
    #[serde(default)]
    pub anger: f64,
    #[serde(default)]
    pub spoiler_capacity: f64,
    #[serde(default)]
    pub acts: Vec<SpoilerAct>,
    #[serde(default = "half")]
    pub discretion: f64,
    /// What this group cares about: issue id → weight (normalised). Empty means the
    /// weights of its party.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    #[serde(default)]
    pub wants: String,
    /// The name is plural ("the Joint Chiefs", "Hamas and Islamic Jihad"): the
    /// transcript says "the Joint Chiefs vote", not "votes".
    #[serde(default)]
    pub plural: bool,
    /// Whether it votes in its side's ratification. An outside actor (a foreign
    /// government, a movement abroad) reacts, angers and acts, but has no vote.
    #[serde(default = "yes")]
    pub votes: bool,
    /// Options this group votes against whenever it can see them in a deal, however
    /// much it likes the rest.
    #[serde(default)]
    pub red_lines: Vec<RedLineDef>,
}

fn half() -> f64 {
    0.5
}

/// One question on the table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IssueDef {
    pub id: String,
    pub name: String,
    /// How explosive it is if revealed (0..1).
    pub sensitivity: f64,
    pub options: Vec<OptionDef>,
}

/// One answer to an issue.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub id: String,
    pub label: String,
    /// Party id → utility in 0..1. Every party needs a value.
    pub utility: BTreeMap<String, f64>,
    /// Stakeholder id → stance in 0..1; a missing stakeholder takes its party's utility.
    #[serde(default)]
    pub stance: BTreeMap<String, f64>,
}

/// Channel kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum ChannelKind {
    Official,
    BackDirect,
    BackMediated,
}

/// How a channel's traffic travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Medium {
    FaceToFace,
    Courier,
    Phone,
    Digital,
}

impl Medium {
    pub const ALL: [Medium; 4] = [
        Medium::FaceToFace,
        Medium::Courier,
        Medium::Phone,
        Medium::Digital,
    ];
}

/// A channel open when the game starts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelDef {
    pub id: String,
    pub kind: ChannelKind,
    pub medium: Medium,
    /// The two negotiators at its ends.
    pub between: (String, String),
    #[serde(default)]
    pub via: Option<String>,
    #[serde(default)]
    pub staff: u32,
    #[serde(default = "half")]
    pub trust: f64,
    #[serde(default)]
    pub dormant: bool,
}

/// A scripted event.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub turn: u32,
    pub text: String,
    #[serde(default)]
    pub when: Option<ConditionDef>,
    #[serde(default)]
    pub effects: Vec<EffectDef>,
    /// An event of the implementation epilogue after a ratified deal: `turn` is then
    /// the epilogue round (1 to `calendar.epilogue_turns`).
    #[serde(default)]
    pub epilogue: bool,
    /// The one side told of this event (a party id): news only it would have, such as
    /// its own intelligence. `None`: both sides read it. Its effects apply either way.
    #[serde(default)]
    pub seen_by: Option<String>,
}

/// When a conditional event fires.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum ConditionDef {
    EscalationAtLeast(u32),
    /// The ladder is still below this rung (news of a calmer moment).
    EscalationBelow(u32),
    NoDeal,
    AnyLeak,
    ChannelOpen(String),
    /// The channel's existence has come out.
    ChannelExposed(String),
    /// A deal has just been signed: the event fires before the votes at home, on the
    /// turn of signing if that is `turn` or later.
    DealSigned,
}

/// What an event does.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum EffectDef {
    Escalate(i32),
    Support(String, f64),
    Anger(String, f64),
    Aware(String, Awareness),
    Trust(String, f64),
    Scrutiny(f64),
    Close(String),
    /// The press reports rumours of a party's secret talks: its stakeholders grow
    /// suspicious and it may deny or confirm.
    Rumour(String),
    /// A negotiator leaves the talks (resigns, is recalled): the channels at their end
    /// fall dormant, and they can open or take over no channel until they return.
    Leave(String),
    /// A negotiator joins the talks (or returns).
    Arrive(String),
}

/// The historical path and what came of it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistoricalDef {
    pub outcome: String,
    pub actions: Vec<ScriptedAction>,
}

/// One action of a script: who did what on which turn.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedAction {
    pub turn: u32,
    pub party: String,
    pub action: ActionDef,
}

/// A clause of an offer as written in files: issue, option, secret?
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseDef {
    pub issue: String,
    pub option: String,
    #[serde(default)]
    pub secret: bool,
}

/// Whether a public statement hardens or softens a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Tone {
    Harden,
    Soften,
}

/// An action as written in scripts, with string ids.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum ActionDef {
    OpenChannel {
        id: String,
        from: String,
        to: String,
        #[serde(default)]
        via: Option<String>,
        medium: Medium,
    },
    Upgrade {
        channel: String,
        negotiator: String,
    },
    Offer {
        channel: String,
        clauses: Vec<ClauseDef>,
    },
    Accept {
        channel: String,
    },
    Reject {
        channel: String,
    },
    Probe {
        channel: String,
    },
    Meet {
        channel: String,
    },
    Message {
        channel: String,
    },
    Statement {
        issue: String,
        option: String,
        tone: Tone,
    },
    Brief {
        stakeholder: String,
        channel: String,
    },
    Compartmentalise {
        channel: String,
    },
    Deny,
    Confirm {
        channel: String,
    },
    Escalate,
    DeEscalate,
    /// Warn the other side in secret, over a back channel, that you are ready to
    /// escalate: no public lock-in, and less credible than a public threat.
    Threaten {
        channel: String,
    },
    MoveVenue {
        channel: String,
        via: String,
        id: String,
    },
    /// Bring a dormant channel back into use (one that started dormant, or that a move
    /// of venue left behind).
    Revive {
        channel: String,
    },
    Sign,
    Wait,
}

/// The kinds of action, for `allowed_actions` and costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum ActionKind {
    OpenChannel,
    Upgrade,
    Offer,
    Accept,
    Reject,
    Probe,
    Meet,
    Message,
    Statement,
    Brief,
    Compartmentalise,
    Deny,
    Confirm,
    Escalate,
    DeEscalate,
    Threaten,
    MoveVenue,
    Revive,
    Sign,
    Wait,
}

impl ActionKind {
    pub const ALL: [ActionKind; 20] = [
        ActionKind::OpenChannel,
        ActionKind::Upgrade,
        ActionKind::Offer,
        ActionKind::Accept,
        ActionKind::Reject,
        ActionKind::Probe,
        ActionKind::Meet,
        ActionKind::Message,
        ActionKind::Statement,
        ActionKind::Brief,
        ActionKind::Compartmentalise,
        ActionKind::Deny,
        ActionKind::Confirm,
        ActionKind::Escalate,
        ActionKind::DeEscalate,
        ActionKind::Threaten,
        ActionKind::MoveVenue,
        ActionKind::Revive,
        ActionKind::Sign,
        ActionKind::Wait,
    ];

    /// Action points the action costs.
    pub fn cost(self) -> u32 {
        match self {
            ActionKind::OpenChannel | ActionKind::Upgrade | ActionKind::Meet => 2,
            ActionKind::MoveVenue => 2,
            ActionKind::Wait => 0,
            _ => 1,
        }
    }

    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::OpenChannel => "OpenChannel",
            ActionKind::Upgrade => "Upgrade",
            ActionKind::Offer => "Offer",
            ActionKind::Accept => "Accept",
            ActionKind::Reject => "Reject",
            ActionKind::Probe => "Probe",
            ActionKind::Meet => "Meet",
            ActionKind::Message => "Message",
            ActionKind::Statement => "Statement",
            ActionKind::Brief => "Brief",
            ActionKind::Compartmentalise => "Compartmentalise",
            ActionKind::Deny => "Deny",
            ActionKind::Confirm => "Confirm",
            ActionKind::Escalate => "Escalate",
            ActionKind::DeEscalate => "DeEscalate",
            ActionKind::Threaten => "Threaten",
            ActionKind::MoveVenue => "MoveVenue",
            ActionKind::Sign => "Sign",
            ActionKind::Revive => "Revive",
            ActionKind::Wait => "Wait",
        }
    }
}

impl ActionDef {
    /// The kind of this action.
    pub fn kind(&self) -> ActionKind {
        match self {
            ActionDef::OpenChannel { .. } => ActionKind::OpenChannel,
            ActionDef::Upgrade { .. } => ActionKind::Upgrade,
            ActionDef::Offer { .. } => ActionKind::Offer,
            ActionDef::Accept { .. } => ActionKind::Accept,
            ActionDef::Reject { .. } => ActionKind::Reject,
            ActionDef::Probe { .. } => ActionKind::Probe,
            ActionDef::Meet { .. } => ActionKind::Meet,
            ActionDef::Message { .. } => ActionKind::Message,
            ActionDef::Statement { .. } => ActionKind::Statement,
            ActionDef::Brief { .. } => ActionKind::Brief,
            ActionDef::Compartmentalise { .. } => ActionKind::Compartmentalise,
            ActionDef::Deny => ActionKind::Deny,
            ActionDef::Confirm { .. } => ActionKind::Confirm,
            ActionDef::Escalate => ActionKind::Escalate,
            ActionDef::DeEscalate => ActionKind::DeEscalate,
            ActionDef::Threaten { .. } => ActionKind::Threaten,
            ActionDef::MoveVenue { .. } => ActionKind::MoveVenue,
            ActionDef::Sign => ActionKind::Sign,
            ActionDef::Revive { .. } => ActionKind::Revive,
            ActionDef::Wait => ActionKind::Wait,
        }
    }
}
