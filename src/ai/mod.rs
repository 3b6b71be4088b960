//! Counterpart policies. Like a NegMAS/GENIUS agent, the adaptive policy reads as three
//! parts: what to offer ([`offering`]), when to accept ([`acceptance`]), and a model of
//! the other side ([`opponent`]).

pub mod acceptance;
pub mod mediator;
pub mod offering;
pub mod opponent;

use std::cell::{Cell, OnceCell, RefCell};
use std::fmt;
use std::str::FromStr;

use bevy::ecs::archetype::ArchetypeGeneration;
use bevy::ecs::query::QueryItem;
use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::schema::{ActionDef, ActionKind, Authority, ClauseDef, Medium, TypeKind};
use crate::sim::actions::bargaining::can_commit;
use crate::sim::actions::{
    Action, ActionReads, Contact, apply_quietly, contact_quietly, offer_quietly,
};
use crate::sim::components::*;
use crate::sim::events::Chronicle;
use crate::sim::rng::GameRng;
use crate::sim::rules::concession::{CurveMemo, aspiration};
use crate::sim::rules::ratification::HomeFront;
use crate::sim::view::{hazard_in, home_front_of};
use crate::sim::{TurnStep, TurnSystems};

/// The computer player: its policy is a component on the party it plays, and its
/// system acts in the counterpart phase, after any scripted side.
pub struct AiPlugin;

impl Plugin for AiPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            TurnStep::Close,
            (computer_turns, mediator::mediator_turn)
                .chain()
                .in_set(TurnSystems::CounterpartActions)
                .after(crate::sim::phases::counterpart::scripted_turns),
        );
    }
}

/// Every computer-played side plays its turn, in party order.
#[allow(clippy::too_many_arguments)]
pub fn computer_turns(
    world: &mut World,
    offers: &mut QueryState<&'static Offer>,
    holders: &mut QueryState<&'static Stakeholder>,
    negotiators: &mut QueryState<&'static Negotiator>,
    channels: &mut QueryState<&'static Channel>,
    reads: &mut SystemState<Reads>,
    mut buffers: Local<ViewBuffers>,
    mut actions: Local<ActionReads>,
    sides: &mut SystemState<SideReads>,
    mut held: Local<HeldScenario>,
) {
    // Who plays by computer, in party order, and the scenario, read once a turn.
    let (scen, computer) = {
        let (clock, scen, parties) = sides
            .get(world)
            .expect("a game's resources are set up with it");
        if clock.finished {
            return;
        }
        let mut computer: Few<(usize, Policy)> = parties
            .iter()
            .filter_map(|(&Party(p), policy)| policy.map(|&policy| (p, policy)))
            .collect();
        computer.sort_unstable_by_key(|&(p, _)| p);
        (held.hold(&scen.0), computer)
    };
    let mut tables = Tables {
        offers,
        holders,
        negotiators,
        channels,
        reads,
        buffers: &mut buffers,
        actions: &mut actions,
    };
    for (p, policy) in computer {
        play_turn(world, scen, p, policy, &mut tables);
    }
}

/// What the computer reads once a turn: whether the game is on, the scenario, and
/// which parties it plays with which policy.
pub type SideReads = (
    Res<'static, TurnClock>,
    Res<'static, ScenarioRes>,
    Query<'static, 'static, (&'static Party, Option<&'static Policy>)>,
);

/// The built-in policies a computer side can play (a component on its party).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Policy {
    /// Reads the situation: opens back channels when the front is stuck, keeps
    /// sensitive concessions secret, briefs key stakeholders before signing.
    Adaptive,
    /// Always works in secret: back channels, every concession a secret clause.
    Secret,
    /// Never opens a back channel: everything on the official table.
    Official,
    /// Only answers offers; never takes the initiative.
    Passive,
    /// Random actions, legal or not (for testing robustness).
    Random,
    /// Adaptive, but climbs the escalation ladder every turn it can (brinkmanship).
    Escalate,
    /// Wants a deal at once: asks only its bare reservation and accepts anything above it.
    Rush,
    /// Adaptive, but makes no offer until the last two turns (the endless game).
    Stall,
}

impl Policy {
    pub const ALL: [Policy; 8] = [
        Policy::Adaptive,
        Policy::Secret,
        Policy::Official,
        Policy::Passive,
        Policy::Random,
        Policy::Escalate,
        Policy::Rush,
        Policy::Stall,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Policy::Adaptive => "ai",
            Policy::Secret => "secret",
            Policy::Official => "official",
            Policy::Passive => "passive",
            Policy::Random => "random",
            Policy::Escalate => "escalate",
            Policy::Rush => "rush",
            Policy::Stall => "stall",
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Policy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Policy::ALL
            .into_iter()
            .find(|p| p.name() == s || (s == "adaptive" && *p == Policy::Adaptive))
            .ok_or_else(|| {
                format!(
                    "unknown policy \"{s}\"; expected one of: {}",
                    Policy::ALL.map(|p| p.name()).join(", ")
                )
            })
    }
}

/// A short list kept inline (a side sits on a few channels and has a few offers
/// pending): the computer builds its view dozens of times a game, and these lists
/// then cost no allocation.
pub type Few<T> = smallvec::SmallVec<[T; 4]>;

/// Read-only facts a policy needs about one party's situation, borrowed from the world
/// (nothing is cloned: the computer reads its view several times a turn).
pub struct View<'w> {
    pub scen: &'w Scenario,
    /// Everything that has happened (the computer checks what it did this turn).
    pub chronicle: &'w Chronicle,
    pub finished: bool,
    pub party: usize,
    pub other: usize,
    pub turn: u32,
    pub deadline: u32,
    pub points: u32,
    pub channels: Few<&'w Channel>,
    pub pending_from_other: Few<&'w Offer>,
    pub my_pending: Few<&'w Offer>,
    pub deal: Option<&'w Deal>,
    pub rumour: bool,
    pub escalation: u32,
    pub war_at: u32,
    pub hidden: HiddenType,
    pub memory: OfferMemory,
    pub hardness: &'w [u32],
    /// The other side's public threats and hard statements not walked back.
    pub pressure: u32,
    /// The other side's secret threats.
    pub secret_pressure: u32,
    /// Which negotiators are at the table now: read through [`View::present`].
    present: Lazy<'w, bool, Negotiator>,
    /// The mediator's proposal pending on one of our channels, not yet accepted by us.
    pub proposal: Option<&'w Proposal>,
    /// What our probes suggest about the other side.
    pub beliefs: Beliefs,
    /// Every stakeholder's current state (a side knows its own home front): read
    /// through [`View::holders`].
    holders: Lazy<'w, Stakeholder, Stakeholder>,
    /// Our home front, and our model of theirs.
    pub home: HomeFront,
    pub other_home: HomeFront,
    /// The escalation ladder (for the leak hazards, worked out only when asked for).
    esc: &'w Escalation,
    /// What the computer keeps from one look to the next (a one-off view has none).
    kept: Option<&'w Kept>,
}

/// What the computer's views keep from one look to the next: its last aspiration
/// figures, and the buffers it works out offers in.
#[derive(Default)]
pub struct Kept {
    curves: CurveMemo,
    scratch: RefCell<offering::Scratch>,
}

/// A list a view reads from a table (the stakeholders, who is at the table): read at
/// once (a one-off view), or read into the computer's kept buffer the first time its
/// choice asks for it (most of its looks at the table never do).
enum Lazy<'w, T, C: Component> {
    Read(Vec<T>),
    Kept {
        read: OnceCell<&'w [T]>,
        from: Cell<Option<LazySource<'w, T, C>>>,
    },
}

/// Where a lazy list is read from: the kept buffer, the kept query, the world, a size,
/// and how to read it.
type LazySource<'w, T, C> = (
    &'w mut Vec<T>,
    &'w QueryState<&'static C>,
    &'w World,
    usize,
    fn(&mut Vec<T>, &QueryState<&'static C>, &World, usize),
);

impl<T, C: Component> Lazy<'_, T, C> {
    fn get(&self) -> &[T] {
        match self {
            Lazy::Read(all) => all,
            Lazy::Kept { read, from } => read.get_or_init(|| {
                let (buffer, query, world, size, fill) = from.take().expect("read once");
                fill(buffer, query, world, size);
                buffer
            }),
        }
    }
}

/// Every stakeholder's current state, in index order.
fn read_holders(
    buffer: &mut Vec<Stakeholder>,
    query: &QueryState<&'static Stakeholder>,
    world: &World,
    _: usize,
) {
    buffer.clear();
    buffer.extend(query.query_manual(world).iter().cloned());
    buffer.sort_unstable_by_key(|h| h.index);
}

/// Which of the scenario's `negotiators` are at the table, in index order.
fn read_present(
    buffer: &mut Vec<bool>,
    query: &QueryState<&'static Negotiator>,
    world: &World,
    negotiators: usize,
) {
    buffer.clear();
    buffer.resize(negotiators, false);
    for n in query.query_manual(world).iter() {
        if let Some(p) = buffer.get_mut(n.index) {
            *p = n.present;
        }
    }
}

impl View<'_> {
    /// Every stakeholder's current state, in index order.
    pub fn holders(&self) -> &[Stakeholder] {
        self.holders.get()
    }

    /// Which negotiators are at the table now, by index.
    pub fn present(&self) -> &[bool] {
        self.present.get()
    }

    /// [`aspiration`] of these inputs, through the computer's kept figures if any.
    pub fn aspiration(&self, reservation: f64, t: f64, deadline: f64, e: f64) -> f64 {
        match self.kept {
            Some(kept) => kept.curves.aspiration(reservation, t, deadline, e),
            None => aspiration(reservation, t, deadline, e),
        }
    }

    /// The computer's kept buffers for working out an offer (a one-off view's offer
    /// is worked out in fresh ones).
    pub fn scratch(&self) -> Option<&RefCell<offering::Scratch>> {
        self.kept.map(|kept| &kept.scratch)
    }

    /// This turn's leak hazard of `channels[i]` (worked out when asked: most turns
    /// never look at it).
    pub fn hazard(&self, i: usize) -> f64 {
        hazard_in(self.scen, self.esc, self.channels[i])
    }

    /// Predicted share of our home front that would ratify these clauses now.
    pub fn home_share(&self, scen: &crate::scenario::Scenario, clauses: &[Clause]) -> f64 {
        crate::sim::rules::ratification::share(
            scen,
            self.party,
            clauses,
            self.holders(),
            &self.home,
        )
    }

    /// Predicted share of the other side's home front that would ratify (our model of
    /// their politics: the same public facts we see).
    pub fn other_share(&self, scen: &crate::scenario::Scenario, clauses: &[Clause]) -> f64 {
        crate::sim::rules::ratification::share(
            scen,
            self.other,
            clauses,
            self.holders(),
            &self.other_home,
        )
    }
}

/// The view of `party`, each entity looked up through the roster (for a one-off
/// look; the computer's own turns use [`Tables`]).
fn view(world: &World, party: usize) -> View<'_> {
    let roster = world.resource::<Roster>();
    let scen = &world.resource::<ScenarioRes>().0;
    let side = |p: usize| {
        Side::of(
            world
                .entity(roster.parties[p])
                .get_components::<PartyParts>()
                .expect("a party's components are spawned with it"),
        )
    };
    view_from(
        party,
        Facts {
            scen,
            clock: world.resource::<TurnClock>(),
            esc: world.resource::<Escalation>(),
            deal: world.resource::<DealState>(),
            chronicle: world.resource::<Chronicle>(),
            mediator: world.get_resource::<MediatorState>(),
            kept: None,
        },
        [side(party), side(scen.other_party(party))],
        roster
            .channels
            .iter()
            .filter_map(|&e| world.get::<Channel>(e))
            .filter(|c| c.side_of(party).is_some() && c.is_live())
            .collect(),
        roster.offers.iter().filter_map(|&e| world.get::<Offer>(e)),
        Lazy::Read(roster.stakeholder_states(world)),
        Lazy::Read(
            roster
                .negotiators
                .iter()
                .map(|&e| world.get::<Negotiator>(e).is_some_and(|n| n.present))
                .collect(),
        ),
    )
}

/// What a view reads of the game's resources.
struct Facts<'w> {
    scen: &'w Scenario,
    clock: &'w TurnClock,
    esc: &'w Escalation,
    deal: &'w DealState,
    chronicle: &'w Chronicle,
    mediator: Option<&'w MediatorState>,
    kept: Option<&'w Kept>,
}

/// What a view reads of one party.
struct Side<'w> {
    points: u32,
    rumour: bool,
    hidden: &'w HiddenType,
    memory: &'w OfferMemory,
    position: &'w PublicPosition,
    beliefs: &'w Beliefs,
    standing: &'w Standing,
}

impl<'w> Side<'w> {
    /// A party's side of the view from its components.
    fn of(parts: QueryItem<'w, 'static, PartyParts>) -> Self {
        let (points, denials, hidden, memory, position, beliefs, standing) = parts;
        Side {
            points: points.0,
            rumour: denials.rumour,
            hidden,
            memory,
            position,
            beliefs,
            standing,
        }
    }
}

/// A party's components as the computer reads them (every party is spawned with all
/// of them, and none is ever removed).
type PartyParts = (
    &'static ActionPoints,
    &'static Denials,
    &'static HiddenType,
    &'static OfferMemory,
    &'static PublicPosition,
    &'static Beliefs,
    &'static Standing,
);

/// The resources and party components the computer reads each time it looks, with
/// their ids looked up once (kept by its system).
pub type Reads = (
    Res<'static, TurnClock>,
    Res<'static, Escalation>,
    Res<'static, DealState>,
    Res<'static, Chronicle>,
    Option<Res<'static, MediatorState>>,
    Query<'static, 'static, (&'static Party, PartyParts)>,
);

/// Buffers the computer's views are read into, kept from one look to the next.
#[derive(Default)]
pub struct ViewBuffers {
    holders: Vec<Stakeholder>,
    present: Vec<bool>,
    kept: Kept,
    /// The world's archetypes when the tables' queries last caught up with them (they
    /// need to look again only when a new kind of entity has appeared).
    seen: Option<ArchetypeGeneration>,
}

/// The tables the computer reads each time it looks at the game, kept by its system
/// from turn to turn and game to game: walking a table is cheaper than looking up each
/// offer, group, negotiator and channel by entity.
pub struct Tables<'s> {
    offers: &'s mut QueryState<&'static Offer>,
    holders: &'s mut QueryState<&'static Stakeholder>,
    negotiators: &'s mut QueryState<&'static Negotiator>,
    channels: &'s mut QueryState<&'static Channel>,
    reads: &'s mut SystemState<Reads>,
    buffers: &'s mut ViewBuffers,
    /// What applying an action reads and writes (its common checks and bookkeeping).
    actions: &'s mut ActionReads,
}

impl Tables<'_> {
    /// The view of `party` read through the tables (the same as [`view`]'s).
    fn view<'a>(&'a mut self, world: &'a World, scen: &'a Scenario, party: usize) -> View<'a> {
        let generation = world.archetypes().generation();
        if self.buffers.seen != Some(generation) {
            self.offers.update_archetypes(world);
            self.holders.update_archetypes(world);
            self.negotiators.update_archetypes(world);
            self.channels.update_archetypes(world);
            self.buffers.seen = Some(generation);
        }
        let (clock, esc, deal, chronicle, mediator, parties) = self
            .reads
            .get(world)
            .expect("a game's resources are set up with it");
        // Two parties: walking the table is cheaper than looking each up by entity.
        let other = scen.other_party(party);
        let (mut me, mut them) = (None, None);
        for (&Party(p), parts) in parties.iter_inner() {
            if p == party {
                me = Some(Side::of(parts));
            } else if p == other {
                them = Some(Side::of(parts));
            }
        }
        let sides = [me, them].map(|s| s.expect("a party's components are spawned with it"));
        let offers = self.offers.query_manual(world);
        let mut pending: Few<&'a Offer> = offers
            .iter_inner()
            .filter(|o| o.status == OfferStatus::Pending)
            .collect();
        // In the order they were made, as the roster lists them.
        pending.sort_unstable_by_key(|o| o.index);
        let mut channels: Few<&'a Channel> = self
            .channels
            .query_manual(world)
            .iter_inner()
            .filter(|c| c.side_of(party).is_some() && c.is_live())
            .collect();
        // In the order they were opened, as the roster lists them.
        channels.sort_unstable_by_key(|c| c.index);
        view_from(
            party,
            Facts {
                scen,
                clock: clock.into_inner(),
                esc: esc.into_inner(),
                deal: deal.into_inner(),
                chronicle: chronicle.into_inner(),
                mediator: mediator.map(Res::into_inner),
                kept: Some(&self.buffers.kept),
            },
            sides,
            channels,
            pending.into_iter(),
            Lazy::Kept {
                read: OnceCell::new(),
                from: Cell::new(Some((
                    &mut self.buffers.holders,
                    &*self.holders,
                    world,
                    0,
                    read_holders,
                ))),
            },
            Lazy::Kept {
                read: OnceCell::new(),
                from: Cell::new(Some((
                    &mut self.buffers.present,
                    &*self.negotiators,
                    world,
                    scen.negotiators.len(),
                    read_present,
                ))),
            },
        )
    }
}

fn view_from<'w>(
    party: usize,
    w: Facts<'w>,
    [me, them]: [Side<'w>; 2],
    channels: Few<&'w Channel>,
    offers: impl Iterator<Item = &'w Offer>,
    holders: Lazy<'w, Stakeholder, Stakeholder>,
    present: Lazy<'w, bool, Negotiator>,
) -> View<'w> {
    let scen = w.scen;
    let other = scen.other_party(party);
    // `channels`: the live ones this party sits on, in the order they were opened.
    let live = |channel: usize| channels.iter().any(|c| c.index == channel);
    let (mut pending_from_other, mut my_pending) = (Few::new(), Few::new());
    for o in offers {
        if o.status == OfferStatus::Pending && live(o.channel) {
            if o.from == party {
                my_pending.push(o);
            } else {
                pending_from_other.push(o);
            }
        }
    }
    let proposal = w.mediator.and_then(|m| {
        m.proposals.iter().rev().find(|p| {
            p.status == OfferStatus::Pending
                && !p.accepted.get(party).copied().unwrap_or(true)
                && live(p.channel)
        })
    });
    let esc = w.esc;
    View {
        scen,
        chronicle: w.chronicle,
        finished: w.clock.finished,
        party,
        other,
        turn: w.clock.turn,
        deadline: w.clock.deadline,
        points: me.points,
        pending_from_other,
        my_pending,
        channels,
        deal: w.deal.0.as_ref(),
        rumour: me.rumour,
        escalation: esc.level,
        war_at: esc.war_at,
        hidden: *me.hidden,
        memory: me.memory.clone(),
        hardness: &me.position.hardness,
        pressure: them.position.threats + them.position.hardened,
        secret_pressure: them.position.secret_threats,
        present,
        proposal,
        beliefs: me.beliefs.clone(),
        holders,
        home: home_front_of(esc, Some(me.standing), Some(me.position)),
        other_home: home_front_of(esc, Some(them.standing), Some(them.position)),
        esc,
        kept: w.kept,
    }
}

/// Let a computer side play its turn: pick and apply actions until it has nothing
/// useful left to do or no points left. Every choice goes through `apply_action`'s
/// rules (`apply_quietly`, or `offer_quietly` for its typed offers), so the computer
/// obeys exactly the rules a person does.
pub fn play_turn(
    world: &mut World,
    scen: &Scenario,
    party: usize,
    policy: Policy,
    tables: &mut Tables,
) {
    // A bounded number of attempts: a refused action must not loop forever, and a kind
    // of action refused once is not tried again this turn.
    let mut refused: Vec<ActionKind> = Vec::new();
    for _ in 0..8 {
        let action = if policy == Policy::Random {
            let points = world
                .get::<ActionPoints>(world.resource::<Roster>().parties[party])
                .map_or(0, |a| a.0);
            if points == 0 || world.resource::<TurnClock>().finished {
                return;
            }
            Some(random_action(world).into())
        } else {
            let v = tables.view(world, scen, party);
            if v.points == 0 || v.finished {
                return;
            }
            choose(&v, policy, &refused)
        };
        let Some(choice) = action else { return };
        let (kind, result) = match &choice {
            Choice::Act(action) => (
                action.kind(),
                apply_quietly(world, tables.actions, scen, party, action),
            ),
            Choice::Offer { channel, clauses } => (
                ActionKind::Offer,
                offer_quietly(world, tables.actions, scen, party, *channel, clauses),
            ),
            Choice::Contact(contact, channel) => (
                contact.kind(),
                contact_quietly(world, tables.actions, scen, party, *contact, *channel),
            ),
        };
        if result.is_err() {
            refused.push(kind);
        }
        if kind == ActionKind::Wait {
            return;
        }
    }
}

/// What the computer does next: an action as a person would send it, or an offer with
/// its clauses already typed (checked by the same rules; the computer's offers are not
/// written out as ids to be read back).
enum Choice {
    Act(Action),
    Offer {
        channel: usize,
        clauses: Vec<Clause>,
    },
    /// A meeting or message on the channel at this index (by the same rules as
    /// [`ActionDef::Meet`] and [`ActionDef::Message`] naming it).
    Contact(Contact, usize),
}

impl From<Action> for Choice {
    fn from(action: Action) -> Self {
        Choice::Act(action)
    }
}

/// The next action of a non-random policy, or None to end the turn. Kinds the
/// scenario does not allow, or already `refused` this turn, are passed over.
fn choose(v: &View, policy: Policy, refused: &[ActionKind]) -> Option<Choice> {
    let scen = v.scen;
    let me = v.party;
    let ok = |k: ActionKind| scen.allows(k) && !refused.contains(&k);

    // 1. A deal agreed and unsigned: sign it if we can, or upgrade the channel so we can.
    if let Some(deal) = &v.deal
        && deal.signed_turn.is_none()
    {
        let ch = v.channels.iter().find(|c| c.index == deal.channel)?;
        let side = ch.side_of(me)?;
        let can_commit = |end: usize| can_commit(scen, ch, ch.parties[end]);
        if can_commit(side) {
            // Authority binds both sides: wait for theirs if they cannot commit yet.
            return (can_commit(1 - side) && ok(ActionKind::Sign))
                .then_some(ActionDef::Sign.into());
        }
        if v.points >= 2
            && ok(ActionKind::Upgrade)
            && let Some(n) = scen.most_discreet_of(me, Authority::Commit, v.present())
        {
            return Some(
                ActionDef::Upgrade {
                    channel: ch.id.clone(),
                    negotiator: scen.negotiators[n].id.clone(),
                }
                .into(),
            );
        }
        return None;
    }

    // 2. Answer a rumour.
    if v.rumour && policy != Policy::Passive {
        let open_secret = v
            .channels
            .iter()
            .position(|c| c.is_back() && c.status == ChannelStatus::Open)
            .map(|i| (v.channels[i], v.hazard(i)));
        let answer = match open_secret {
            Some((c, h)) if h > 0.2 || policy == Policy::Adaptive && v.turn * 2 > v.deadline => {
                ActionDef::Confirm {
                    channel: c.id.clone(),
                }
            }
            Some(_) => ActionDef::Deny,
            None => {
                let exposed = v.channels.iter().find(|c| c.is_back());
                match exposed {
                    Some(c) if policy == Policy::Adaptive => ActionDef::Confirm {
                        channel: c.id.clone(),
                    },
                    _ => ActionDef::Deny,
                }
            }
        };
        if ok(answer.kind()) {
            return Some(answer.into());
        }
    }

    // Once a deal is signed, the rest is ratification and implementation: nothing
    // to do but answer rumours (above).
    if v.deal.as_ref().is_some_and(|d| d.signed_turn.is_some()) {
        return None;
    }

    // 3. Answer the other side's pending offer.
    let demand_now = |ch: &Channel| {
        if policy == Policy::Rush {
            scen.parties[me].reservation
        } else {
            acceptance::demand(scen, v, ch)
        }
    };
    if let Some(offer) = v.pending_from_other.last() {
        let ch = v.channels.iter().find(|c| c.index == offer.channel)?;
        let value = acceptance::value_of(scen, v, offer, ch);
        if value >= demand_now(ch)
            && acceptance::ratifiable(scen, v, &offer.clauses)
            && ok(ActionKind::Accept)
        {
            return Some(
                ActionDef::Accept {
                    channel: ch.id.clone(),
                }
                .into(),
            );
        }
        if policy == Policy::Passive && ok(ActionKind::Reject) {
            return Some(
                ActionDef::Reject {
                    channel: ch.id.clone(),
                }
                .into(),
            );
        }
    }
    // The mediator's proposal: accepted on the same terms as an offer, with what the
    // mediator would pay us counted in; otherwise turned down, so that it tries again.
    if let Some(p) = &v.proposal
        && let Some(ch) = v.channels.iter().find(|c| c.index == p.channel)
    {
        let offer = Offer {
            index: p.index,
            from: v.other,
            channel: p.channel,
            turn: p.turn,
            clauses: p.clauses.clone(),
            status: OfferStatus::Pending,
        };
        let value =
            acceptance::value_of(scen, v, &offer, ch) + p.payments.get(me).copied().unwrap_or(0.0);
        let kind = if value >= demand_now(ch) && acceptance::ratifiable(scen, v, &p.clauses) {
            ActionKind::Accept
        } else {
            ActionKind::Reject
        };
        // An offer of theirs on the same channel (which we did not take above) is
        // turned down first, so that our acceptance reaches the mediator's text.
        let pending_offer = v.pending_from_other.iter().any(|o| o.channel == p.channel);
        let kind = match (kind, pending_offer) {
            (ActionKind::Accept, true) => ActionKind::Reject,
            (_, true) => ActionKind::Wait,
            (k, false) => k,
        };
        if kind != ActionKind::Wait && ok(kind) {
            return Some(
                match kind {
                    ActionKind::Accept => ActionDef::Accept {
                        channel: ch.id.clone(),
                    },
                    _ => ActionDef::Reject {
                        channel: ch.id.clone(),
                    },
                }
                .into(),
            );
        }
    }
    if policy == Policy::Passive {
        return None;
    }

    // 4. Escalation: the brinkman climbs once a turn; everyone else steps back from the
    // brink.
    if policy == Policy::Escalate
        && ok(ActionKind::Escalate)
        && v.points >= 1
        && v.escalation < v.war_at
        && !v.chronicle.did(me, ActionKind::Escalate, v.turn)
    {
        return Some(ActionDef::Escalate.into());
    }
    // A hard-liner meets threats with firmness and stays at the brink; everyone else
    // steps back from it once a turn.
    let firm = v.hidden.kind == TypeKind::Hardliner && v.pressure > 0;
    if policy != Policy::Escalate
        && ok(ActionKind::DeEscalate)
        && !firm
        && v.escalation + 1 >= v.war_at
        && v.points >= 1
        && !v.channels.is_empty()
        && !v.chronicle.did(me, ActionKind::DeEscalate, v.turn)
    {
        return Some(ActionDef::DeEscalate.into());
    }
    // A hard-liner whose counterpart will not come near its demand threatens, now and
    // then: up to the rung below the brink while time remains, and onto the brink
    // itself only in the last third of the calendar (brinkmanship with a brake).
    let ceiling = if v.turn + 1 >= v.deadline { 1 } else { 2 };
    if policy == Policy::Adaptive
        && ok(ActionKind::Escalate)
        && v.hidden.kind == TypeKind::Hardliner
        && v.turn >= 3
        && v.escalation + ceiling < v.war_at
        && v.points >= 2
        && stuck(scen, v)
        && !v.chronicle.did_within(me, ActionKind::Escalate, v.turn, 2)
    {
        return Some(ActionDef::Escalate.into());
    }

    // 5. Pick the channel to work on.
    let want_secret = match policy {
        Policy::Secret => true,
        Policy::Official => false,
        _ => opponent::front_is_stuck(v),
    };
    let working = offering::working_channel(v, want_secret);
    let working = match working {
        Some(c) => c,
        None => {
            if want_secret && v.points >= 2 && ok(ActionKind::OpenChannel) {
                return offering::open_back_channel(scen, v).map(Into::into);
            }
            *v.channels.first()?
        }
    };

    // 6. Tend the secret channel: compartmentalise a leaky one, brief before a deal.
    if working.is_back() && working.status == ChannelStatus::Open {
        let h = v
            .channels
            .iter()
            .position(|c| c.index == working.index)
            .map(|i| v.hazard(i))
            .unwrap_or(0.0);
        if h > 0.15
            && working.staff > 1
            && !working.compartmentalised
            && ok(ActionKind::Compartmentalise)
        {
            return Some(
                ActionDef::Compartmentalise {
                    channel: working.id.clone(),
                }
                .into(),
            );
        }
        if policy == Policy::Adaptive
            && v.turn * 3 >= v.deadline * 2
            && working.offers_made > 0
            && ok(ActionKind::Brief)
        {
            // Brief the most influential spoiler still outside, once.
            let key = v
                .holders()
                .iter()
                .filter(|h| {
                    h.party == me && !h.briefed && h.spoiler_capacity > 0.3 && h.influence >= 0.2
                })
                .max_by(|a, b| {
                    (a.influence * a.spoiler_capacity)
                        .total_cmp(&(b.influence * b.spoiler_capacity))
                })
                .map(|h| h.index);
            if let Some(h) = key
                && !working.privy.contains(&Person::Stakeholder(h))
            {
                return Some(
                    ActionDef::Brief {
                        stakeholder: scen.stakeholders[h].id.clone(),
                        channel: working.id.clone(),
                    }
                    .into(),
                );
            }
        }
    }

    // 7. Test the other side's good faith once before moving far (adaptive sides).
    if matches!(policy, Policy::Adaptive | Policy::Escalate | Policy::Stall)
        && v.beliefs.probes == 0
        && v.turn >= 2
        && v.points >= 2
        && ok(ActionKind::Probe)
    {
        return Some(
            ActionDef::Probe {
                channel: working.id.clone(),
            }
            .into(),
        );
    }

    // 8. Build trust: meet when trust is low and there is time.
    if working.trust < 0.45
        && v.points >= 3
        && working.is_back()
        && !working.met_this_turn
        && ok(ActionKind::Meet)
    {
        return Some(Choice::Contact(Contact::Meet, working.index));
    }

    // 9. Offer, unless an offer of ours is already waiting there (a staller waits for
    // the last two turns).
    let stalling = policy == Policy::Stall && v.turn + 2 <= v.deadline;
    if !stalling
        && ok(ActionKind::Offer)
        && !v
            .my_pending
            .iter()
            .any(|o| o.channel == working.index && o.turn + 1 >= v.turn)
    {
        let demand = demand_now(working);
        let clauses = offering::propose(scen, v, working, demand, policy);
        return Some(Choice::Offer {
            channel: working.index,
            clauses,
        });
    }
    // One message a turn keeps a channel warm; more is noise.
    let messaged = v.chronicle.did(me, ActionKind::Message, v.turn);
    if v.points >= 1 && working.trust < 0.7 && !messaged && ok(ActionKind::Message) {
        return Some(Choice::Contact(Contact::Message, working.index));
    }
    None
}

/// The other side's best offer so far is far below what we ask.
fn stuck(scen: &crate::scenario::Scenario, v: &View) -> bool {
    let asked = v
        .channels
        .iter()
        .map(|c| acceptance::demand(scen, v, c))
        .fold(f64::INFINITY, f64::min);
    v.memory.best_offered.unwrap_or(0.0) + 0.15 < asked
}

/// A random action for robustness testing: any kind, any ids, legal or not.
pub fn random_action(world: &mut World) -> Action {
    let scen = world.resource::<ScenarioRes>().0.clone();
    let channels: Vec<String> = world
        .resource::<Roster>()
        .channels
        .iter()
        .filter_map(|&e| world.get::<Channel>(e).map(|c| c.id.clone()))
        .collect();
    let mut rng = world.resource_mut::<GameRng>();
    let mut pick = |n: usize| ((rng.uniform() * n as f64) as usize).min(n.saturating_sub(1));
    let kinds = crate::scenario::schema::ActionKind::ALL;
    let kind = kinds[pick(kinds.len())];
    let ch = channels
        .get(pick(channels.len().max(1)))
        .cloned()
        .unwrap_or_default();
    let neg = |i: usize| scen.negotiators[i % scen.negotiators.len()].id.clone();
    let issue = pick(scen.issues.len());
    let option = pick(scen.issues[issue].options.len());
    use crate::scenario::schema::ActionKind as K;
    match kind {
        K::OpenChannel => {
            let id = format!("r{}", pick(1000));
            let (a, b) = (pick(scen.negotiators.len()), pick(scen.negotiators.len()));
            let via = if scen.intermediaries.is_empty() || pick(2) == 0 {
                None
            } else {
                Some(
                    scen.intermediaries[pick(scen.intermediaries.len())]
                        .id
                        .clone(),
                )
            };
            ActionDef::OpenChannel {
                id,
                from: neg(a),
                to: neg(b),
                via,
                medium: [
                    Medium::FaceToFace,
                    Medium::Courier,
                    Medium::Phone,
                    Medium::Digital,
                ][pick(4)],
            }
        }
        K::Upgrade => ActionDef::Upgrade {
            channel: ch,
            negotiator: neg(pick(scen.negotiators.len())),
        },
        K::Offer => ActionDef::Offer {
            channel: ch,
            clauses: scen
                .issues
                .iter()
                .map(|i| ClauseDef {
                    issue: i.id.clone(),
                    option: i.options[pick(i.options.len())].id.clone(),
                    secret: pick(2) == 0,
                })
                .collect(),
        },
        K::Accept => ActionDef::Accept { channel: ch },
        K::Reject => ActionDef::Reject { channel: ch },
        K::Probe => ActionDef::Probe { channel: ch },
        K::Meet => ActionDef::Meet { channel: ch },
        K::Message => ActionDef::Message { channel: ch },
        K::Statement => ActionDef::Statement {
            issue: scen.issues[issue].id.clone(),
            option: scen.issues[issue].options[option].id.clone(),
            tone: if pick(2) == 0 {
                crate::scenario::schema::Tone::Harden
            } else {
                crate::scenario::schema::Tone::Soften
            },
        },
        K::Brief => ActionDef::Brief {
            stakeholder: scen
                .stakeholders
                .get(pick(scen.stakeholders.len()))
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            channel: ch,
        },
        K::Compartmentalise => ActionDef::Compartmentalise { channel: ch },
        K::Revive => ActionDef::Revive { channel: ch },
        K::Threaten => ActionDef::Threaten { channel: ch },
        K::Deny => ActionDef::Deny,
        K::Confirm => ActionDef::Confirm { channel: ch },
        K::Escalate => ActionDef::Escalate,
        K::DeEscalate => ActionDef::DeEscalate,
        K::MoveVenue => ActionDef::MoveVenue {
            channel: ch,
            via: scen
                .intermediaries
                .get(pick(scen.intermediaries.len()))
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            id: format!("v{}", pick(1000)),
        },
        K::Sign => ActionDef::Sign,
        K::Wait => ActionDef::Wait,
    }
}
