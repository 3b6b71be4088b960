//! The actions players and policies send, and how each is checked and carried out.
//!
//! Actions use the same string-id form as scripts and scenario files, so a script and a
//! terminal command are one language. [`apply_action`] is the single place where an
//! action is validated and takes effect: it checks what every action needs (the game is
//! on, the scenario allows it, the points are there), hands the action to its family
//! ([`channels`], [`bargaining`], [`public`]) and records the typed result in the
//! [`Chronicle`]. An illegal action is refused with a typed [`Refusal`] and changes
//! nothing.

pub mod bargaining;
pub mod channels;
pub mod grammar;
pub mod mediation;
pub mod public;

use std::collections::BTreeSet;

use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use super::components::*;
use super::events::{Chronicle, EventKind, Refusal};
use crate::scenario::Scenario;
use crate::scenario::schema::{ActionDef, ActionKind, ChannelKind, Medium};

/// An action, as players, policies and scripts send it.
pub type Action = ActionDef;

/// A request to act, sent into the simulation.
#[derive(Message, Debug, Clone)]
pub struct ActionRequest {
    pub party: usize,
    pub action: Action,
}

/// The answer to an [`ActionRequest`]: what happened, or why it was refused.
#[derive(Message, Debug, Clone)]
pub struct ActionResolved {
    pub party: usize,
    pub action: Action,
    pub result: Result<EventKind, Refusal>,
}

/// Actions whose success only the acting side learns of. (An upgrade is not among
/// them: the other end of the channel sees who now speaks for you.)
pub fn is_private(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::Probe | ActionKind::Brief | ActionKind::Compartmentalise
    )
}

/// Carry out one action for `party`, or refuse it; either way the result is recorded.
pub fn apply_action(
    world: &mut World,
    party: usize,
    action: &Action,
) -> Result<EventKind, Refusal> {
    let mut reads = ActionReads::from_world(world);
    apply_with(world, &mut reads, party, action)
}

/// [`apply_action`] through reads kept by the caller (the systems that apply actions
/// every turn keep theirs).
pub fn apply_with(
    world: &mut World,
    reads: &mut ActionReads,
    party: usize,
    action: &Action,
) -> Result<EventKind, Refusal> {
    let scen = world.resource::<ScenarioRes>().0.clone();
    apply_and_record(world, reads, &scen, party, Request::Action(action), true)
        .map(|e| e.expect("kept"))
}

/// [`apply_action`] for a caller that needs only whether it was refused (the computer):
/// the event goes into the chronicle without a copy. `scen` is the game's scenario
/// (the caller's copy of [`ScenarioRes`], held for all its actions).
pub fn apply_quietly(
    world: &mut World,
    reads: &mut ActionReads,
    scen: &Scenario,
    party: usize,
    action: &Action,
) -> Result<(), Refusal> {
    apply_and_record(world, reads, scen, party, Request::Action(action), false).map(|_| ())
}

/// An offer whose clauses are already typed (the computer's), checked and recorded
/// exactly as [`ActionDef::Offer`] is under [`apply_quietly`]: the same rules and the
/// same event, without writing the clauses out as ids and reading them back.
pub fn offer_quietly(
    world: &mut World,
    reads: &mut ActionReads,
    scen: &Scenario,
    party: usize,
    channel: usize,
    clauses: &[Clause],
) -> Result<(), Refusal> {
    apply_and_record(
        world,
        reads,
        scen,
        party,
        Request::Offer { channel, clauses },
        false,
    )
    .map(|_| ())
}

/// What every action's common checks read, and what its bookkeeping writes, with the
/// ids looked up once: kept by the systems that apply actions each turn (the
/// computer's, the scripted sides', the players'), made afresh by [`apply_action`].
pub struct ActionReads {
    checks: SystemState<ActionChecks>,
    books: SystemState<ActionBooks>,
    offers: SystemState<bargaining::OfferReads>,
}

/// What the common checks read: whether the game is on, the deal, the acting party's
/// points (the scenario is the caller's).
type ActionChecks = (
    Res<'static, TurnClock>,
    Res<'static, DealState>,
    Res<'static, Roster>,
    Query<'static, 'static, &'static ActionPoints>,
);

/// What the bookkeeping after an action writes and reads: the points taken, the event
/// recorded, the ladder checked for war.
type ActionBooks = (
    ResMut<'static, Chronicle>,
    Res<'static, Escalation>,
    Query<'static, 'static, &'static mut ActionPoints>,
);

impl FromWorld for ActionReads {
    fn from_world(world: &mut World) -> Self {
        ActionReads {
            checks: SystemState::new(world),
            books: SystemState::new(world),
            offers: SystemState::new(world),
        }
    }
}

/// What [`apply_and_record`] carries out: an action as sent, a typed offer, or a
/// meeting or message on a channel named by index.
#[derive(Clone, Copy)]
enum Request<'a> {
    Action(&'a Action),
    Offer {
        channel: usize,
        clauses: &'a [Clause],
    },
    OnChannel(Contact, usize),
}

/// The channel actions the computer names by index (the ones it takes most often).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    Meet,
    Message,
}

impl Contact {
    /// The kind of action this is.
    pub fn kind(self) -> ActionKind {
        match self {
            Contact::Meet => ActionKind::Meet,
            Contact::Message => ActionKind::Message,
        }
    }
}

impl Request<'_> {
    fn kind(self) -> ActionKind {
        match self {
            Request::Action(a) => a.kind(),
            Request::Offer { .. } => ActionKind::Offer,
            Request::OnChannel(contact, _) => contact.kind(),
        }
    }
}

/// A meeting or message on channel `channel` (by index), checked and recorded exactly
/// as [`ActionDef::Meet`] and [`ActionDef::Message`] are under [`apply_quietly`]
/// naming the same channel by id.
pub fn contact_quietly(
    world: &mut World,
    reads: &mut ActionReads,
    scen: &Scenario,
    party: usize,
    contact: Contact,
    channel: usize,
) -> Result<(), Refusal> {
    apply_and_record(
        world,
        reads,
        scen,
        party,
        Request::OnChannel(contact, channel),
        false,
    )
    .map(|_| ())
}

fn apply_and_record(
    world: &mut World,
    reads: &mut ActionReads,
    scen: &Scenario,
    party: usize,
    request: Request,
    keep: bool,
) -> Result<Option<EventKind>, Refusal> {
    debug_assert!(
        std::ptr::eq(scen, &*world.resource::<ScenarioRes>().0),
        "the caller's scenario is the game's"
    );
    let (known, result) = try_apply(world, reads, scen, party, request);
    let (mut chronicle, esc, mut points) = reads
        .books
        .get_mut(world)
        .expect("a game's resources are set up with it");
    let result = match result {
        Ok((event, pe)) => {
            points.get_mut(pe).expect("party has action points").0 -= request.kind().cost();
            let kept = keep.then(|| event.clone());
            if is_private(request.kind()) {
                chronicle.record_private(party, event);
            } else {
                chronicle.record(Some(party), event);
            }
            Ok(kept)
        }
        Err(reason) => {
            let refused = EventKind::Refused {
                action: request.kind(),
                reason: reason.clone(),
            };
            if known {
                chronicle.record_private(party, refused);
            } else {
                chronicle.record(None, refused);
            }
            Err(reason)
        }
    };
    // Reaching the last rung ends the game at once: nothing after it can undo a war.
    if esc.level >= esc.war_at {
        crate::sim::ending::end_in_war(world);
    }
    result
}

/// The common checks, then the action itself: whether `party` is one of the
/// scenario's, and what happened (with the acting party's entity) or why not.
fn try_apply(
    world: &mut World,
    reads: &mut ActionReads,
    scen: &Scenario,
    party: usize,
    request: Request,
) -> (bool, Result<(EventKind, Entity), Refusal>) {
    let (known, ctx) = {
        let (clock, deal, roster, points) = reads
            .checks
            .get(world)
            .expect("a game's resources are set up with it");
        let known = scen.parties.len() > party;
        let ctx = common_checks(scen, &clock, &deal, &roster, &points, party, request.kind());
        (known, ctx)
    };
    let result = ctx.and_then(|ctx| {
        let event = match request {
            Request::Action(action) => carry_out(world, reads, &ctx, action)?,
            Request::Offer { channel, clauses } => {
                bargaining::offer_typed(world, &mut reads.offers, &ctx, channel, clauses)?
            }
            Request::OnChannel(Contact::Meet, ci) => channels::meet_at(world, &ctx, ci)?,
            Request::OnChannel(Contact::Message, ci) => channels::message_at(world, &ctx, ci)?,
        };
        Ok((event, ctx.pe))
    });
    (known, result)
}

/// What every action needs, in this order: the game is on, the party exists, the
/// scenario allows the kind, the points are there, no deal is signed (but for waiting).
/// Passed, it gives who is acting.
fn common_checks<'s>(
    scen: &'s Scenario,
    clock: &TurnClock,
    deal: &DealState,
    roster: &Roster,
    points: &Query<&ActionPoints>,
    party: usize,
    kind: ActionKind,
) -> Result<Ctx<'s>, Refusal> {
    if clock.finished {
        return Err(Refusal::GameOver);
    }
    if party >= scen.parties.len() {
        return Err(Refusal::NoSuchParty(party));
    }
    if !scen.allows(kind) {
        return Err(Refusal::NotAllowed(kind));
    }
    let pe = roster.parties[party];
    let left = points.get(pe).map(|a| a.0).unwrap_or(0);
    if left < kind.cost() {
        return Err(Refusal::TooCostly {
            action: kind,
            cost: kind.cost(),
            left,
        });
    }
    if deal.0.as_ref().is_some_and(|d| d.signed_turn.is_some()) && kind != ActionKind::Wait {
        return Err(Refusal::DealSigned);
    }
    Ok(Ctx {
        other: scen.other_party(party),
        scen,
        party,
        pe,
        channels: roster.channels.iter().copied().collect(),
    })
}

/// Hand an action that passed the common checks to its family.
fn carry_out(
    world: &mut World,
    reads: &mut ActionReads,
    ctx: &Ctx,
    action: &Action,
) -> Result<EventKind, Refusal> {
    Ok(match action {
        ActionDef::Wait => EventKind::Waited,
        ActionDef::OpenChannel {
            id,
            from,
            to,
            via,
            medium,
        } => channels::open(world, ctx, id, from, to, via.as_deref(), *medium)?,
        ActionDef::Upgrade {
            channel,
            negotiator,
        } => channels::upgrade(world, ctx, channel, negotiator)?,
        ActionDef::Meet { channel } => channels::meet(world, ctx, channel)?,
        ActionDef::Message { channel } => channels::message(world, ctx, channel)?,
        ActionDef::Compartmentalise { channel } => channels::compartmentalise(world, ctx, channel)?,
        ActionDef::Revive { channel } => channels::revive(world, ctx, channel)?,
        ActionDef::MoveVenue { channel, via, id } => {
            channels::move_venue(world, ctx, channel, via, id)?
        }
        ActionDef::Offer { channel, clauses } => {
            bargaining::offer(world, &mut reads.offers, ctx, channel, clauses)?
        }
        ActionDef::Accept { channel } => bargaining::answer(world, ctx, channel, true)?,
        ActionDef::Reject { channel } => bargaining::answer(world, ctx, channel, false)?,
        ActionDef::Probe { channel } => bargaining::probe(world, ctx, channel)?,
        ActionDef::Sign => bargaining::sign(world, ctx)?,
        ActionDef::Statement {
            issue,
            option,
            tone,
        } => public::statement(world, ctx, issue, option, *tone)?,
        ActionDef::Brief {
            stakeholder,
            channel,
        } => public::brief(world, ctx, stakeholder, channel)?,
        ActionDef::Deny => public::deny(world, ctx)?,
        ActionDef::Confirm { channel } => public::confirm(world, ctx, channel)?,
        ActionDef::Escalate => public::escalate(world, ctx, true)?,
        ActionDef::DeEscalate => public::escalate(world, ctx, false)?,
        ActionDef::Threaten { channel } => public::threaten(world, ctx, channel)?,
    })
}

/// Who is acting, passed to each family's functions.
pub(crate) struct Ctx<'s> {
    pub scen: &'s Scenario,
    pub party: usize,
    pub other: usize,
    /// The acting party's entity.
    pub pe: Entity,
    /// Every channel's entity by index as the action began, as the roster lists them
    /// (the action's own lookups need not go back to the roster; an action that opens
    /// a channel reads the new one through the roster).
    channels: smallvec::SmallVec<[Entity; 8]>,
}

impl Ctx<'_> {
    /// A channel that existed when the action began, by index ([`channel`]).
    pub(crate) fn channel<'w>(&self, world: &'w World, i: usize) -> &'w Channel {
        world
            .get::<Channel>(self.channels[i])
            .expect("roster entries are channels")
    }

    /// [`Ctx::channel`] to change ([`channel_mut`]).
    pub(crate) fn channel_mut<'w>(&self, world: &'w mut World, i: usize) -> Mut<'w, Channel> {
        world
            .get_mut::<Channel>(self.channels[i])
            .expect("roster entries are channels")
    }

    /// [`own_channel`] for the acting party.
    pub(crate) fn own_channel(&self, world: &World, id: &str) -> Result<usize, Refusal> {
        self.own_channel_at(world, named_channel(world, id)?)
    }

    /// [`own_channel_at`] for the acting party.
    pub(crate) fn own_channel_at(&self, world: &World, i: usize) -> Result<usize, Refusal> {
        own_channel_of(world, self.party, i, self.channels.get(i).copied())
    }
}

pub(crate) fn channel_index(world: &World, id: &str) -> Option<usize> {
    // The chronicle lists every channel's id by index, as the roster lists channels.
    world
        .resource::<Chronicle>()
        .channel_ids
        .iter()
        .position(|c| c == id)
}

/// A channel by index.
pub fn channel(world: &World, i: usize) -> &Channel {
    let e = world.resource::<Roster>().channels[i];
    world
        .get::<Channel>(e)
        .expect("roster entries are channels")
}

pub(crate) fn channel_mut(world: &mut World, i: usize) -> Mut<'_, Channel> {
    let e = world.resource::<Roster>().channels[i];
    world
        .get_mut::<Channel>(e)
        .expect("roster entries are channels")
}

pub(crate) fn party_entity(world: &World, p: usize) -> Entity {
    world.resource::<Roster>().parties[p]
}

/// A live channel by id that `party` sits on, or a refusal.
pub(crate) fn own_channel(world: &World, party: usize, id: &str) -> Result<usize, Refusal> {
    own_channel_at(world, party, named_channel(world, id)?)
}

/// The index of the channel named `id`, or a refusal.
pub(crate) fn named_channel(world: &World, id: &str) -> Result<usize, Refusal> {
    channel_index(world, id).ok_or_else(|| Refusal::NoSuchChannel(id.to_string()))
}

/// [`own_channel`] by index (refused as that would refuse the channel's id).
pub(crate) fn own_channel_at(world: &World, party: usize, i: usize) -> Result<usize, Refusal> {
    own_channel_of(
        world,
        party,
        i,
        world.resource::<Roster>().channels.get(i).copied(),
    )
}

/// [`own_channel_at`] given the channel's entity, if there is a channel `i`.
fn own_channel_of(
    world: &World,
    party: usize,
    i: usize,
    entity: Option<Entity>,
) -> Result<usize, Refusal> {
    let Some(e) = entity else {
        return Err(Refusal::NoSuchChannel(format!("#{i}")));
    };
    let ch = world
        .get::<Channel>(e)
        .expect("roster entries are channels");
    if ch.side_of(party).is_none() {
        return Err(Refusal::NotOnChannel(ch.id.clone()));
    }
    if !ch.is_live() {
        return Err(Refusal::ChannelNotLive {
            channel: ch.id.clone(),
            status: ch.status,
        });
    }
    Ok(i)
}

/// Refuse a negotiator who is not at the table now.
pub(crate) fn at_table(world: &World, n: usize) -> Result<(), Refusal> {
    let e = world.resource::<Roster>().negotiators[n];
    if world.get::<Negotiator>(e).is_some_and(|x| x.present) {
        Ok(())
    } else {
        Err(Refusal::NegotiatorAbsent(n))
    }
}

/// A negotiator by id, or a refusal.
pub(crate) fn negotiator(scen: &Scenario, id: &str) -> Result<usize, Refusal> {
    scen.negotiator_index(id)
        .ok_or_else(|| Refusal::NoSuchNegotiator(id.to_string()))
}

/// An intermediary by id, or a refusal.
pub(crate) fn intermediary(scen: &Scenario, id: &str) -> Result<usize, Refusal> {
    scen.intermediary_index(id)
        .ok_or_else(|| Refusal::NoSuchIntermediary(id.to_string()))
}

/// Move the trust of every channel between `a` and `b` by `delta`.
pub(crate) fn adjust_trust_between(world: &mut World, a: usize, b: usize, delta: f64) {
    let channels = world.resource::<Roster>().channels.clone();
    for e in channels {
        if let Some(mut ch) = world.get_mut::<Channel>(e)
            && ch.side_of(a).is_some()
            && ch.side_of(b).is_some()
        {
            ch.trust = (ch.trust + delta).clamp(0.0, 1.0);
        }
    }
}

/// What a new channel is made of.
pub struct NewChannel {
    pub id: String,
    pub kind: ChannelKind,
    pub medium: Medium,
    pub ends: [usize; 2],
    pub parties: [usize; 2],
    pub via: Option<usize>,
    pub staff: u32,
    pub trust: f64,
    pub parent: Option<usize>,
}

/// Spawn a channel entity and register it (in the roster and the chronicle's names);
/// returns its index.
pub fn spawn_channel(world: &mut World, n: NewChannel) -> usize {
    place_channel(world, n, None)
}

/// [`spawn_channel`], or (given `kept`, an entity that was a channel) give that entity
/// the new channel instead of spawning one.
pub(crate) fn place_channel(world: &mut World, n: NewChannel, kept: Option<Entity>) -> usize {
    let index = world.resource::<Roster>().channels.len();
    let mut privy = BTreeSet::new();
    privy.insert(Person::Negotiator(n.ends[0]));
    privy.insert(Person::Negotiator(n.ends[1]));
    if let Some(v) = n.via {
        privy.insert(Person::Intermediary(v));
    }
    world
        .resource_mut::<Chronicle>()
        .channel_ids
        .push(n.id.clone());
    let channel = Channel {
        index,
        id: n.id,
        kind: n.kind,
        medium: n.medium,
        ends: n.ends,
        parties: n.parties,
        via: n.via,
        privy,
        staff: n.staff,
        age: 0,
        trust: n.trust.clamp(0.0, 1.0),
        status: ChannelStatus::Open,
        parent: n.parent,
        compartmentalised: false,
        revealed: (n.kind == ChannelKind::Official).then_some(LeakLevel::Content),
        met_this_turn: false,
        offers_made: 0,
    };
    let e = place_entity(world, kept, channel);
    world.resource_mut::<Roster>().channels.push(e);
    index
}

/// Give `kept` (an entity the last game in this world had, with the same components)
/// these components over its old ones, or spawn a new entity with them.
pub(crate) fn place_entity<B: Bundle>(
    world: &mut World,
    kept: Option<Entity>,
    bundle: B,
) -> Entity {
    match kept {
        Some(e) => world.entity_mut(e).insert(bundle).id(),
        None => world.spawn(bundle).id(),
    }
}

/// The kinds of action a party could try now, cheapest first (for menus and policies).
pub fn affordable(points: u32) -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(move |k| k.cost() <= points)
}
