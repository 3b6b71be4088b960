//! Moves made in public or at home: statements, briefings, denials and confirmations,
//! escalation.

use bevy::prelude::*;

use super::{Ctx, adjust_trust_between};
use crate::scenario::schema::{Awareness, Tone};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, LadderCause, Refusal};
use crate::sim::rules::concession::audience_cost;
use crate::sim::rules::moves;
use crate::sim::secrecy::{calm_suspicion, disclose};

/// Harden or soften the public line on an issue (audience costs).
pub(crate) fn statement(
    world: &mut World,
    cx: &Ctx,
    issue: &str,
    option: &str,
    tone: Tone,
) -> Result<EventKind, Refusal> {
    let scen = &cx.scen;
    let i = scen
        .issue_index(issue)
        .ok_or_else(|| Refusal::NoSuchIssue(issue.to_string()))?;
    let o = scen
        .option_index(i, option)
        .ok_or_else(|| Refusal::NoSuchOption {
            issue: issue.to_string(),
            option: option.to_string(),
        })?;
    let mut pos = world
        .get::<PublicPosition>(cx.pe)
        .cloned()
        .expect("party has a position");
    let before = pos.option[i];
    let opts = &scen.issues[i].options;
    let mut support = 0.0;
    match tone {
        Tone::Harden => {
            pos.hardness[i] += 1;
            pos.hardened += 1;
            support += moves::HARDEN_SUPPORT;
        }
        Tone::Soften => {
            if let Some(b) = before {
                let retreat = opts[b].utility[cx.party] - opts[o].utility[cx.party];
                support -= audience_cost(scen.rules.audience_cost, pos.hardness[i], retreat);
            }
            pos.hardness[i] = pos.hardness[i].saturating_sub(1);
            pos.hardened = pos.hardened.saturating_sub(1);
        }
    }
    pos.option[i] = Some(o);
    world.entity_mut(cx.pe).insert(pos);
    let mut s = world.get_mut::<Standing>(cx.pe).expect("standing");
    s.domestic_support = (s.domestic_support + support).clamp(0.0, 1.0);
    let delta = if tone == Tone::Harden {
        -moves::STATEMENT_TRUST
    } else {
        moves::STATEMENT_TRUST
    };
    adjust_trust_between(world, cx.party, cx.other, delta);
    Ok(EventKind::Stated {
        issue: i,
        option: o,
        tone,
    })
}

/// Bring one of our stakeholders into the loop of a channel.
pub(crate) fn brief(
    world: &mut World,
    cx: &Ctx,
    stakeholder: &str,
    cid: &str,
) -> Result<EventKind, Refusal> {
    let scen = &cx.scen;
    let s = scen
        .stakeholder_index(stakeholder)
        .ok_or_else(|| Refusal::NoSuchStakeholder(stakeholder.to_string()))?;
    if scen.stakeholders[s].party != cx.party {
        return Err(Refusal::NotYourStakeholder(s));
    }
    let ci = cx.own_channel(world, cid)?;
    if cx
        .channel(world, ci)
        .privy
        .contains(&Person::Stakeholder(s))
    {
        return Err(Refusal::AlreadyPrivy {
            stakeholder: s,
            channel: cid.to_string(),
        });
    }
    let se = world.resource::<Roster>().stakeholders[s];
    let mut st = world.get_mut::<Stakeholder>(se).expect("stakeholder");
    st.awareness = Awareness::InTheLoop;
    st.briefed = true;
    st.anger *= moves::BRIEFED_ANGER_KEPT;
    cx.channel_mut(world, ci)
        .privy
        .insert(Person::Stakeholder(s));
    Ok(EventKind::Briefed {
        stakeholder: s,
        channel: ci,
    })
}

/// Deny a rumour: calms home now, costs credibility if a leak later proves it false.
pub(crate) fn deny(world: &mut World, cx: &Ctx) -> Result<EventKind, Refusal> {
    let d = world.get::<Denials>(cx.pe).cloned().unwrap_or_default();
    if !d.rumour {
        return Err(Refusal::NoRumour);
    }
    world.entity_mut(cx.pe).insert(Denials {
        debt: d.debt + moves::DENIAL_DEBT,
        rumour: false,
    });
    calm_suspicion(world, cx.party, moves::DENIAL_CALMS);
    Ok(EventKind::Denied)
}

/// Confirm the talks and frame them in public (a controlled disclosure).
pub(crate) fn confirm(world: &mut World, cx: &Ctx, cid: &str) -> Result<EventKind, Refusal> {
    let ci = cx.own_channel(world, cid)?;
    if !cx.channel(world, ci).is_back() {
        return Err(Refusal::OfficialIsPublic(cid.to_string()));
    }
    if cx.channel(world, ci).revealed >= Some(LeakLevel::Content)
        && !world.get::<Denials>(cx.pe).is_some_and(|d| d.rumour)
    {
        return Err(Refusal::AlreadyPublic(cid.to_string()));
    }
    disclose(world, ci, LeakLevel::Content, moves::CONFIRM_SURPRISE);
    let mut d = world.get_mut::<Denials>(cx.pe).expect("denials");
    let paid = d.debt * moves::CONFIRM_DEBT_SHARE;
    d.debt = 0.0;
    d.rumour = false;
    let mut s = world.get_mut::<Standing>(cx.pe).expect("standing");
    s.credibility = (s.credibility + moves::CONFIRM_CREDIBILITY - paid).clamp(0.0, 1.0);
    Ok(EventKind::Confirmed { channel: ci })
}

/// Climb or step down the escalation ladder.
pub(crate) fn escalate(world: &mut World, cx: &Ctx, up: bool) -> Result<EventKind, Refusal> {
    let turn = world.resource::<TurnClock>().turn;
    let mut esc = world.resource_mut::<Escalation>();
    if !up && esc.level == 0 {
        return Err(Refusal::AtCalmest);
    }
    if up && esc.level >= esc.war_at {
        return Err(Refusal::AtWar);
    }
    if up {
        esc.level += 1;
        esc.history.push(turn);
    } else {
        esc.level -= 1;
    }
    let level = esc.level;
    let delta = if up {
        -moves::ESCALATE_TRUST
    } else {
        moves::DEESCALATE_TRUST
    };
    adjust_trust_between(world, cx.party, cx.other, delta);
    // A public threat rallies support now and locks the side in; walking one back
    // costs support and credibility.
    let mut pos = world.get_mut::<PublicPosition>(cx.pe).expect("position");
    let retreat = !up && pos.threats > 0;
    if up {
        pos.threats += 1;
    } else {
        pos.threats = pos.threats.saturating_sub(1);
    }
    let mut s = world.get_mut::<Standing>(cx.pe).expect("standing");
    let support = if up {
        moves::ESCALATE_SUPPORT
    } else {
        -moves::DEESCALATE_SUPPORT
    };
    s.domestic_support = (s.domestic_support + support).clamp(0.0, 1.0);
    if retreat {
        s.domestic_support = (s.domestic_support - moves::RETREAT_SUPPORT).clamp(0.0, 1.0);
        s.credibility = (s.credibility - moves::RETREAT_CREDIBILITY).clamp(0.0, 1.0);
    }
    world.resource_mut::<Chronicle>().record(
        Some(cx.party),
        EventKind::LadderMoved {
            level,
            cause: LadderCause::Move,
        },
    );
    Ok(EventKind::Escalated { up })
}

/// Trust a secret threat costs on the channel that carries it.
pub const THREAT_TRUST: f64 = 0.05;

/// Warn the other side in secret that the side is ready to escalate.
pub(crate) fn threaten(world: &mut World, cx: &Ctx, cid: &str) -> Result<EventKind, Refusal> {
    let ci = cx.own_channel(world, cid)?;
    let ch = cx.channel(world, ci);
    if !ch.is_back() || ch.status != ChannelStatus::Open {
        return Err(Refusal::ThreatNeedsSecretChannel(cid.to_string()));
    }
    if world.resource::<Escalation>().level >= world.resource::<Escalation>().war_at {
        return Err(Refusal::AtWar);
    }
    let mut ch = cx.channel_mut(world, ci);
    ch.trust = (ch.trust - THREAT_TRUST).clamp(0.0, 1.0);
    world
        .get_mut::<PublicPosition>(cx.pe)
        .expect("position")
        .secret_threats += 1;
    Ok(EventKind::Threatened { channel: ci })
}
