//! Actions on the channels themselves: open, upgrade, meet, message, compartmentalise,
//! move to another venue.

use bevy::prelude::*;

use super::{
    Ctx, NewChannel, adjust_trust_between, at_table, channel, channel_index, channel_mut,
    intermediary, named_channel, negotiator, own_channel, party_entity, spawn_channel,
};
use crate::scenario::schema::{ChannelKind, Medium};
use crate::sim::components::*;
use crate::sim::events::{EventKind, Refusal};
use crate::sim::rules::moves;

/// Open a back channel from one of our negotiators to one of theirs.
pub(crate) fn open(
    world: &mut World,
    cx: &Ctx,
    id: &str,
    from: &str,
    to: &str,
    via: Option<&str>,
    medium: Medium,
) -> Result<EventKind, Refusal> {
    let scen = &cx.scen;
    if id.trim().is_empty() {
        return Err(Refusal::ChannelNameMissing);
    }
    if channel_index(world, id).is_some() {
        return Err(Refusal::ChannelExists(id.to_string()));
    }
    if !scen.has_medium(medium) {
        return Err(Refusal::MediumOfAnotherEra(medium));
    }
    let from_i = negotiator(scen, from)?;
    let to_i = negotiator(scen, to)?;
    if scen.negotiators[from_i].party != cx.party {
        return Err(Refusal::NotYourNegotiator {
            negotiator: from_i,
            party: cx.party,
        });
    }
    if scen.negotiators[to_i].party == cx.party {
        return Err(Refusal::OwnSide(to_i));
    }
    at_table(world, from_i)?;
    at_table(world, to_i)?;
    let via_i = via.map(|v| intermediary(scen, v)).transpose()?;
    if let Some(v) = via_i {
        host_available(world, scen, v)?;
    }
    let trust = moves::new_channel_trust(via_i.map(|v| scen.intermediaries[v].neutrality));
    let parent = latest_live_channel(world, cx.party, cx.other);
    let channel = spawn_channel(
        world,
        NewChannel {
            id: id.to_string(),
            kind: if via_i.is_some() {
                ChannelKind::BackMediated
            } else {
                ChannelKind::BackDirect
            },
            medium,
            ends: [from_i, to_i],
            parties: [cx.party, cx.other],
            via: via_i,
            staff: moves::NEW_CHANNEL_STAFF,
            trust,
            parent,
        },
    );
    Ok(EventKind::ChannelOpened {
        channel,
        from: from_i,
        to: to_i,
        via: via_i,
        medium,
    })
}

/// Bring in a negotiator with more authority at our end of a channel.
pub(crate) fn upgrade(
    world: &mut World,
    cx: &Ctx,
    cid: &str,
    who: &str,
) -> Result<EventKind, Refusal> {
    let scen = &cx.scen;
    let ci = cx.own_channel(world, cid)?;
    let n = negotiator(scen, who)?;
    if scen.negotiators[n].party != cx.party {
        return Err(Refusal::NotYourNegotiator {
            negotiator: n,
            party: cx.party,
        });
    }
    at_table(world, n)?;
    let side = cx.channel(world, ci).side_of(cx.party).unwrap_or(0);
    let current = cx.channel(world, ci).ends[side];
    if scen.negotiators[n].authority <= scen.negotiators[current].authority {
        return Err(Refusal::NoMoreAuthority {
            negotiator: n,
            current,
        });
    }
    let mut ch = cx.channel_mut(world, ci);
    ch.ends[side] = n;
    ch.privy.insert(Person::Negotiator(n));
    ch.staff += moves::UPGRADE_STAFF;
    ch.trust = (ch.trust + moves::UPGRADE_TRUST).min(1.0);
    Ok(EventKind::ChannelUpgraded {
        channel: ci,
        negotiator: n,
    })
}

/// Meet face to face: a large step towards trust, and the hardest thing to hide.
pub(crate) fn meet(world: &mut World, cx: &Ctx, cid: &str) -> Result<EventKind, Refusal> {
    meet_at(world, cx, named_channel(world, cid)?)
}

/// [`meet`] on the channel at index `ci` (the computer's, which names channels by index).
pub(crate) fn meet_at(world: &mut World, cx: &Ctx, ci: usize) -> Result<EventKind, Refusal> {
    let ci = cx.own_channel_at(world, ci)?;
    if let Some(v) = cx.channel(world, ci).via {
        host_available(world, cx.scen, v)?;
        let ve = world.resource::<Roster>().intermediaries[v];
        let im = world.get::<Intermediary>(ve).expect("intermediary");
        if im.meetings_this_turn >= im.capacity {
            return Err(Refusal::HostFull(v));
        }
        world
            .get_mut::<Intermediary>(ve)
            .expect("intermediary")
            .meetings_this_turn += 1;
    }
    let mut ch = cx.channel_mut(world, ci);
    ch.trust = moves::trust_after_meeting(ch.trust);
    ch.met_this_turn = true;
    Ok(EventKind::Met {
        channel: ci,
        trust: ch.trust,
    })
}

/// Send a message: a small step towards trust.
pub(crate) fn message(world: &mut World, cx: &Ctx, cid: &str) -> Result<EventKind, Refusal> {
    message_at(world, cx, named_channel(world, cid)?)
}

/// [`message`] on the channel at index `ci`.
pub(crate) fn message_at(world: &mut World, cx: &Ctx, ci: usize) -> Result<EventKind, Refusal> {
    let ci = cx.own_channel_at(world, ci)?;
    let mut ch = cx.channel_mut(world, ci);
    ch.trust = moves::trust_after_message(ch.trust);
    Ok(EventKind::Messaged { channel: ci })
}

/// Bring a dormant channel of one's own back into use, a little less trusted.
pub(crate) fn revive(world: &mut World, cx: &Ctx, cid: &str) -> Result<EventKind, Refusal> {
    let ci = named_channel(world, cid)?;
    if cx.channel(world, ci).side_of(cx.party).is_none() {
        return Err(Refusal::NotOnChannel(cid.to_string()));
    }
    for n in cx.channel(world, ci).ends {
        at_table(world, n)?;
    }
    let mut ch = cx.channel_mut(world, ci);
    if ch.status != ChannelStatus::Dormant {
        return Err(Refusal::NotDormant {
            channel: cid.to_string(),
            status: ch.status,
        });
    }
    ch.status = ChannelStatus::Open;
    ch.trust = (ch.trust - moves::REVIVE_TRUST).max(0.0);
    Ok(EventKind::Revived { channel: ci })
}

/// Halve a back channel's staff: slower work, fewer people who could leak.
pub(crate) fn compartmentalise(
    world: &mut World,
    cx: &Ctx,
    cid: &str,
) -> Result<EventKind, Refusal> {
    let ci = cx.own_channel(world, cid)?;
    let mut ch = cx.channel_mut(world, ci);
    if !ch.is_back() {
        return Err(Refusal::OfficialCompartment);
    }
    if ch.staff == 0 {
        return Err(Refusal::NoStaff(cid.to_string()));
    }
    ch.staff /= 2;
    ch.compartmentalised = true;
    Ok(EventKind::Compartmentalised {
        channel: ci,
        staff: ch.staff,
    })
}

/// Move the talks to another host (forum shopping): presses the other side, costs trust.
pub(crate) fn move_venue(
    world: &mut World,
    cx: &Ctx,
    cid: &str,
    via: &str,
    id: &str,
) -> Result<EventKind, Refusal> {
    let scen = &cx.scen;
    let ci = own_channel(world, cx.party, cid)?;
    let v = intermediary(scen, via)?;
    host_available(world, scen, v)?;
    if channel(world, ci).via == Some(v) {
        return Err(Refusal::SameHost(v));
    }
    if id.trim().is_empty() || channel_index(world, id).is_some() {
        return Err(Refusal::VenueNameTaken(id.to_string()));
    }
    let old = channel(world, ci).clone();
    let side = old.side_of(cx.party).unwrap_or(0);
    let ends = if side == 0 {
        old.ends
    } else {
        [old.ends[1], old.ends[0]]
    };
    let new = spawn_channel(
        world,
        NewChannel {
            id: id.to_string(),
            kind: ChannelKind::BackMediated,
            medium: scen_first_medium(cx.scen),
            ends,
            parties: [cx.party, cx.other],
            via: Some(v),
            staff: old.staff,
            trust: (old.trust - moves::VENUE_CHANNEL_TRUST).max(0.0),
            parent: Some(ci),
        },
    );
    {
        let mut ch = channel_mut(world, new);
        for p in &old.privy {
            ch.privy.insert(*p);
        }
    }
    channel_mut(world, ci).status = ChannelStatus::Dormant;
    let oe = party_entity(world, cx.other);
    if let Some(mut m) = world.get_mut::<OfferMemory>(oe) {
        m.last_gain += moves::VENUE_PRESSURE * scen.intermediaries[v].neutrality;
    }
    adjust_trust_between(world, cx.party, cx.other, -moves::VENUE_TRUST);
    Ok(EventKind::VenueMoved {
        from: ci,
        via: v,
        to: new,
    })
}

fn latest_live_channel(world: &World, a: usize, b: usize) -> Option<usize> {
    let roster = world.resource::<Roster>();
    roster.channels.iter().rev().find_map(|&e| {
        let ch = world.get::<Channel>(e)?;
        (ch.is_live() && ch.side_of(a).is_some() && ch.side_of(b).is_some()).then_some(ch.index)
    })
}

/// A new venue meets in the safest medium of the era (face to face where listed).
fn scen_first_medium(scen: &crate::scenario::Scenario) -> Medium {
    scen.media().first().copied().unwrap_or(Medium::FaceToFace)
}

/// Refuse talks through a go-between outside the turns it is available.
fn host_available(
    world: &World,
    scen: &crate::scenario::Scenario,
    v: usize,
) -> Result<(), Refusal> {
    let turn = world.resource::<TurnClock>().turn;
    if scen.intermediaries[v].available(turn) {
        Ok(())
    } else {
        Err(Refusal::HostUnavailable(v))
    }
}
