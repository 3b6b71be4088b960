//! Bargaining: offers and answers, probing good faith, signing.

use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use super::{Ctx, party_entity};
use crate::scenario::Scenario;
use crate::scenario::schema::{Authority, ClauseDef, TypeKind};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, Refusal};
use crate::sim::rng::GameRng;
use crate::sim::rules::concession::audience_cost;
use crate::sim::rules::moves;
use crate::sim::secrecy::disclose;

/// The issue and option a written clause names (with its secrecy), or why it names none.
pub(crate) fn typed_clause(
    scen: &Scenario,
    c: &ClauseDef,
) -> Result<(usize, usize, bool), Refusal> {
    let i = scen
        .issue_index(&c.issue)
        .ok_or_else(|| Refusal::NoSuchIssue(c.issue.clone()))?;
    let o = scen
        .option_index(i, &c.option)
        .ok_or_else(|| Refusal::NoSuchOption {
            issue: c.issue.clone(),
            option: c.option.clone(),
        })?;
    Ok((i, o, c.secret))
}

/// Send a package over a channel; secret clauses only on an open back channel.
pub(crate) fn offer(
    world: &mut World,
    reads: &mut SystemState<OfferReads>,
    cx: &Ctx,
    cid: &str,
    clauses: &[ClauseDef],
) -> Result<EventKind, Refusal> {
    let ci = cx.own_channel(world, cid)?;
    let named = clauses.iter().map(|c| typed_clause(cx.scen, c));
    checked_offer(world, reads, cx, ci, clauses.len(), named)
}

/// [`offer`] with the channel and clauses already typed (the computer's offers): the
/// same checks in the same order, and the same offer.
pub(crate) fn offer_typed(
    world: &mut World,
    reads: &mut SystemState<OfferReads>,
    cx: &Ctx,
    ci: usize,
    clauses: &[Clause],
) -> Result<EventKind, Refusal> {
    cx.own_channel_at(world, ci)?;
    let named = clauses.iter().map(|&c| known_clause(cx.scen, c));
    checked_offer(world, reads, cx, ci, clauses.len(), named)
}

/// Check an offer's `count` clauses on channel `ci` one by one as each is named (a
/// clause that names nothing is refused in its turn), then put the offer on the table.
fn checked_offer(
    world: &mut World,
    reads: &mut SystemState<OfferReads>,
    cx: &Ctx,
    ci: usize,
    count: usize,
    named: impl Iterator<Item = Result<(usize, usize, bool), Refusal>>,
) -> Result<EventKind, Refusal> {
    let mut checks = ClauseChecks::new(world, cx, ci, count)?;
    let mut typed = Vec::with_capacity(count);
    for clause in named {
        typed.push(checks.check(clause?)?);
    }
    let is_back = checks.secret_ok;
    place_offer(world, reads, cx, ci, is_back, typed)
}

/// A typed clause that names an issue and option of the scenario, or why it does not.
fn known_clause(scen: &Scenario, c: Clause) -> Result<(usize, usize, bool), Refusal> {
    let issue = scen
        .issues
        .get(c.issue)
        .ok_or_else(|| Refusal::NoSuchIssue(format!("#{}", c.issue)))?;
    if c.option >= issue.options.len() {
        return Err(Refusal::NoSuchOption {
            issue: issue.id.clone(),
            option: format!("#{}", c.option),
        });
    }
    Ok((c.issue, c.option, c.secret))
}

/// What each clause of an offer must pass, clause by clause: no issue twice, no secret
/// clause off an open back channel, none of the offering side's red lines.
struct ClauseChecks<'a> {
    cx: &'a Ctx<'a>,
    /// Issues met so far (inline for a scenario of up to 16 issues).
    seen: smallvec::SmallVec<[bool; 16]>,
    back: bool,
    /// The channel is an open back channel (where secret clauses may go).
    secret_ok: bool,
    channel: &'a str,
}

impl<'a> ClauseChecks<'a> {
    /// The checks for an offer of `clauses` clauses on channel `ci` (none is empty).
    fn new(world: &'a World, cx: &'a Ctx<'a>, ci: usize, clauses: usize) -> Result<Self, Refusal> {
        let ch = cx.channel(world, ci);
        let back = ch.is_back();
        let checks = ClauseChecks {
            cx,
            seen: smallvec::smallvec![false; cx.scen.issues.len()],
            back,
            secret_ok: back && ch.status == ChannelStatus::Open,
            channel: &ch.id,
        };
        if clauses == 0 {
            return Err(Refusal::EmptyOffer);
        }
        Ok(checks)
    }

    fn check(&mut self, (i, o, secret): (usize, usize, bool)) -> Result<Clause, Refusal> {
        let scen = &self.cx.scen;
        let issue = || scen.issues[i].id.clone();
        if std::mem::replace(&mut self.seen[i], true) {
            return Err(Refusal::IssueTwice(issue()));
        }
        if secret && !self.secret_ok {
            return Err(Refusal::SecretOnPublicChannel {
                issue: issue(),
                channel: self.channel.to_string(),
                exposed: self.back,
            });
        }
        if scen.parties[self.cx.party].red_lines.contains(&(i, o)) {
            return Err(Refusal::RedLine {
                issue: issue(),
                option: scen.issues[i].options[o].id.clone(),
            });
        }
        Ok(Clause {
            issue: i,
            option: o,
            secret,
        })
    }
}

/// What putting an offer on the table reads and writes, with the ids looked up once
/// (kept with the other [`super::ActionReads`]).
pub(crate) type OfferReads = (
    Res<'static, TurnClock>,
    ResMut<'static, Roster>,
    ResMut<'static, History>,
    Query<'static, 'static, &'static mut Offer>,
    Query<'static, 'static, &'static mut Channel>,
    Query<'static, 'static, &'static PublicPosition>,
    Query<'static, 'static, &'static mut Standing>,
    Query<'static, 'static, &'static mut OfferMemory>,
);

/// Put a checked offer on the table (`is_back`: the channel is an open back channel):
/// its audience cost, the offers it supersedes, and what the other side learns from it.
fn place_offer(
    world: &mut World,
    reads: &mut SystemState<OfferReads>,
    cx: &Ctx,
    ci: usize,
    is_back: bool,
    typed: Vec<Clause>,
) -> Result<EventKind, Refusal> {
    let scen = &cx.scen;
    let (party, other, pe) = (cx.party, cx.other, cx.pe);
    // The offer's entity first, so that everything else is one fetch of the kept reads;
    // it is spawned with the offer at the end (the id `spawn` would have given).
    let e = world.entity_allocator().alloc();
    let (
        clock,
        mut roster,
        mut history,
        mut offers,
        mut channels,
        positions,
        mut standings,
        mut memories,
    ) = reads
        .get_mut(world)
        .expect("a game's resources are set up with it");
    let turn = clock.turn;
    // Audience cost: public retreat from a stated position, on a public channel.
    let mut cost = 0.0;
    if !is_back {
        if let Ok(pos) = positions.get(pe) {
            for c in &typed {
                if let Some(stated) = pos.option[c.issue] {
                    let opts = &scen.issues[c.issue].options;
                    let retreat = opts[stated].utility[party] - opts[c.option].utility[party];
                    cost += audience_cost(scen.rules.audience_cost, pos.hardness[c.issue], retreat)
                        * scen.parties[party].weights[c.issue].max(0.2);
                }
            }
        }
        if cost > 0.0 {
            let mut s = standings.get_mut(pe).expect("party has standing");
            s.domestic_support = (s.domestic_support - cost).clamp(0.0, 1.0);
        }
    }
    // Earlier pending offers on this channel are superseded (the mediator's proposal
    // stays on the table beside it until answered).
    // Every offer supersedes those pending on its channel, so at most one is pending
    // there: the latest such, found by reading back from the newest.
    let index = roster.offers.len();
    let superseded = roster.offers.iter().rev().copied().find(|&e| {
        offers
            .get(e)
            .is_ok_and(|o| o.channel == ci && o.status == OfferStatus::Pending)
    });
    if let Some(e) = superseded {
        offers.get_mut(e).expect("found above").status = OfferStatus::Superseded;
    }
    debug_assert!(
        roster.offers.iter().all(|&e| offers
            .get(e)
            .ok()
            .is_none_or(|o| o.channel != ci || o.status != OfferStatus::Pending)),
        "one offer pending per channel"
    );
    let offer = Offer {
        index,
        from: party,
        channel: ci,
        turn,
        clauses: typed.clone(),
        status: OfferStatus::Pending,
    };
    let package = offer.package(scen.issues.len());
    roster.offers.push(e);
    channels
        .get_mut(roster.channels[ci])
        .expect("roster entries are channels")
        .offers_made += 1;
    // What the other side is offered, for the reciprocating type.
    let theirs = scen.package_utility(other, &package);
    if let Ok(mut m) = memories.get_mut(roster.parties[other]) {
        let best = m.best_offered.unwrap_or(theirs);
        m.last_gain = (theirs - best).max(0.0);
        m.best_offered = Some(best.max(theirs));
        m.first_offered.get_or_insert(theirs);
        m.offers += 1;
        m.last_offer_turn = Some(turn);
    }
    let mine = scen.package_utility(party, &package);
    if mine >= scen.parties[party].reservation && theirs >= scen.parties[other].reservation {
        history.zopa_turns.push(turn);
    }
    world
        .spawn_at(e, offer)
        .expect("a freshly allocated entity can be spawned");
    Ok(EventKind::Offered {
        channel: ci,
        offer: index,
        clauses: typed,
        audience_cost: cost,
    })
}

/// Accept (ad referendum) or reject the other side's pending offer on a channel.
pub(crate) fn answer(
    world: &mut World,
    cx: &Ctx,
    cid: &str,
    accept: bool,
) -> Result<EventKind, Refusal> {
    let turn = world.resource::<TurnClock>().turn;
    let ci = cx.own_channel(world, cid)?;
    // At most one offer is pending on a channel (each supersedes the last): the newest
    // such, read back from the newest as putting an offer on the table does.
    let pending = world
        .resource::<Roster>()
        .offers
        .iter()
        .rev()
        .copied()
        .find(|&e| {
            world.get::<Offer>(e).is_some_and(|o| {
                o.channel == ci && o.status == OfferStatus::Pending && o.from != cx.party
            })
        });
    let Some(oe) = pending else {
        return answer_proposal(world, cx, ci, cid, accept);
    };
    if accept {
        outside_red_lines(cx, &world.get::<Offer>(oe).expect("offer entity").clauses)?;
    }
    let mut o = world.get_mut::<Offer>(oe).expect("offer entity");
    o.status = if accept {
        OfferStatus::Accepted
    } else {
        OfferStatus::Rejected
    };
    let offer = o.clone();
    if !accept {
        let mut ch = cx.channel_mut(world, ci);
        ch.trust = (ch.trust - moves::REJECT_TRUST).max(0.0);
        return Ok(EventKind::Rejected { channel: ci });
    }
    world.resource_mut::<DealState>().0 = Some(Deal {
        offer: offer.index,
        channel: ci,
        clauses: offer.clauses.clone(),
        accepted_turn: turn,
        signed_turn: None,
        signed_by: None,
        payments: Vec::new(),
    });
    // A deal is agreed: the mediator's proposals are moot.
    if let Some(mut m) = world.get_resource_mut::<MediatorState>() {
        for p in m.proposals.iter_mut() {
            if p.status == OfferStatus::Pending {
                p.status = OfferStatus::Superseded;
            }
        }
    }
    let mut ch = cx.channel_mut(world, ci);
    ch.trust = (ch.trust + moves::ACCEPT_TRUST).min(1.0);
    Ok(EventKind::Accepted {
        channel: ci,
        clauses: offer.clauses,
    })
}

/// Refuse a package that crosses one of the acting side's red lines.
fn outside_red_lines(cx: &Ctx, clauses: &[Clause]) -> Result<(), Refusal> {
    match clauses.iter().find(|c| {
        cx.scen.parties[cx.party]
            .red_lines
            .contains(&(c.issue, c.option))
    }) {
        Some(c) => {
            let issue = &cx.scen.issues[c.issue];
            Err(Refusal::RedLine {
                issue: issue.id.clone(),
                option: issue.options[c.option].id.clone(),
            })
        }
        None => Ok(()),
    }
}

/// Accept or reject the mediator's proposal on a channel: it becomes the deal once
/// every party has accepted it; one rejection ends it.
fn answer_proposal(
    world: &mut World,
    cx: &Ctx,
    ci: usize,
    cid: &str,
    accept: bool,
) -> Result<EventKind, Refusal> {
    let turn = world.resource::<TurnClock>().turn;
    let proposal = world
        .get_resource::<MediatorState>()
        .and_then(|m| m.pending_on(ci).cloned())
        .ok_or_else(|| Refusal::NoPendingOffer(cid.to_string()))?;
    if accept {
        outside_red_lines(cx, &proposal.clauses)?;
    }
    let mut m = world.resource_mut::<MediatorState>();
    let p = m
        .proposals
        .iter_mut()
        .find(|p| p.index == proposal.index)
        .expect("the pending proposal");
    if !accept {
        p.status = OfferStatus::Rejected;
        return Ok(EventKind::ProposalAnswered {
            channel: ci,
            proposal: proposal.index,
            accept: false,
        });
    }
    p.accepted[cx.party] = true;
    if !p.accepted.iter().all(|a| *a) {
        return Ok(EventKind::ProposalAnswered {
            channel: ci,
            proposal: proposal.index,
            accept: true,
        });
    }
    p.status = OfferStatus::Accepted;
    let paid: f64 = p.payments.iter().sum();
    m.budget_left = (m.budget_left - paid).max(0.0);
    // The mediator's text is the deal: the sides' own offers are set aside.
    let offers: Vec<Entity> = world.resource::<Roster>().offers.clone();
    for e in offers {
        if let Some(mut o) = world.get_mut::<Offer>(e)
            && o.status == OfferStatus::Pending
        {
            o.status = OfferStatus::Superseded;
        }
    }
    world.resource_mut::<DealState>().0 = Some(Deal {
        offer: proposal.index,
        channel: ci,
        clauses: proposal.clauses.clone(),
        accepted_turn: turn,
        signed_turn: None,
        signed_by: None,
        payments: proposal.payments.clone(),
    });
    let mut ch = cx.channel_mut(world, ci);
    ch.trust = (ch.trust + moves::ACCEPT_TRUST).min(1.0);
    Ok(EventKind::Accepted {
        channel: ci,
        clauses: proposal.clauses,
    })
}

/// Test the other side's good faith: a noisy signal of its hidden type.
pub(crate) fn probe(world: &mut World, cx: &Ctx, cid: &str) -> Result<EventKind, Refusal> {
    let ci = cx.own_channel(world, cid)?;
    let trust = cx.channel(world, ci).trust;
    let public =
        !cx.channel(world, ci).is_back() || cx.channel(world, ci).status == ChannelStatus::Exposed;
    let truth = world
        .get::<HiddenType>(party_entity(world, cx.other))
        .map(|h| h.kind)
        .unwrap_or(TypeKind::Reciprocator);
    let chance = moves::probe_honesty(trust, public);
    let (honest, draw) = world.resource_mut::<GameRng>().chance(chance);
    let signal = if honest {
        truth
    } else {
        let kinds = [
            TypeKind::Hardliner,
            TypeKind::Conceder,
            TypeKind::Reciprocator,
        ];
        let pick = (world.resource_mut::<GameRng>().uniform() * 2.0) as usize;
        kinds
            .into_iter()
            .filter(|k| *k != truth)
            .nth(pick.min(1))
            .unwrap_or(truth)
    };
    world
        .resource_mut::<Chronicle>()
        .record_private(cx.party, EventKind::ProbeDrawn { draw, chance });
    let mut b = world.get_mut::<Beliefs>(cx.pe).expect("party has beliefs");
    if b.other_type == Some(signal) {
        b.probes += 1;
    } else {
        b.other_type = Some(signal);
        b.probes = 1;
    }
    let consistent = b.probes;
    if truth != TypeKind::Hardliner {
        let mut ch = cx.channel_mut(world, ci);
        ch.trust = (ch.trust + moves::PROBE_TRUST).min(1.0);
    }
    Ok(EventKind::Probed {
        channel: ci,
        signal,
        consistent,
    })
}

/// Whether someone on `ch` can commit `party`: its negotiator at the channel's end, or
/// one of its negotiators privy to the channel.
pub fn can_commit(scen: &Scenario, ch: &Channel, party: usize) -> bool {
    let commits = |n: usize| {
        scen.negotiators[n].party == party && scen.negotiators[n].authority == Authority::Commit
    };
    ch.side_of(party).is_some_and(|side| commits(ch.ends[side]))
        || ch
            .privy
            .iter()
            .any(|p| matches!(p, Person::Negotiator(n) if commits(*n)))
}

/// Sign the agreed deal and send it home; needs someone on the channel who can commit.
pub(crate) fn sign(world: &mut World, cx: &Ctx) -> Result<EventKind, Refusal> {
    let scen = &cx.scen;
    let turn = world.resource::<TurnClock>().turn;
    let Some(deal) = world.resource::<DealState>().0.clone() else {
        return Err(Refusal::NoDeal);
    };
    let ch = cx.channel(world, deal.channel).clone();
    if ch.side_of(cx.party).is_none() {
        return Err(Refusal::NotOnDealChannel);
    }
    // Authority binds both sides: each end needs someone on the channel who can commit.
    for party in ch.parties {
        if !can_commit(scen, &ch, party) {
            let end = ch.ends[ch.side_of(party).unwrap_or(0)];
            return Err(Refusal::NoCommitter {
                channel: ch.id.clone(),
                party,
                negotiator: end,
            });
        }
    }
    let mut d = world.resource_mut::<DealState>();
    let deal = d.0.as_mut().expect("checked above");
    deal.signed_turn = Some(turn);
    deal.signed_by = Some(cx.party);
    // Signing takes the public part of the deal public.
    if ch.is_back() && ch.revealed < Some(LeakLevel::Content) {
        disclose(world, ch.index, LeakLevel::Content, moves::SIGNING_SURPRISE);
    }
    Ok(EventKind::Signed)
}
