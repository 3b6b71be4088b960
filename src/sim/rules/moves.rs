//! What each move does to trust, support, credibility and secrecy: the tuning numbers
//! of the actions, named in one place so a reader learns what a move does without
//! reading the code that applies it.

/// Trust a new back channel starts with.
pub const NEW_CHANNEL_TRUST: f64 = 0.3;
/// Extra starting trust a go-between brings, times its neutrality.
pub const MEDIATOR_TRUST_BONUS: f64 = 0.15;
/// Staff a newly opened back channel needs.
pub const NEW_CHANNEL_STAFF: u32 = 2;
/// Staff an empowered official brings along on an upgrade.
pub const UPGRADE_STAFF: u32 = 2;
/// Trust gained when a side sends someone who can commit it.
pub const UPGRADE_TRUST: f64 = 0.08;
/// Trust lost when a dormant channel is revived: the old contacts must be won back.
pub const REVIVE_TRUST: f64 = 0.05;
/// Trust gained by accepting an offer; lost by rejecting one.
pub const ACCEPT_TRUST: f64 = 0.05;
pub const REJECT_TRUST: f64 = 0.02;
/// Trust a probe earns when the other side is not a hard-liner (good faith shows).
pub const PROBE_TRUST: f64 = 0.03;
/// Share of the remaining distance to full trust closed by a meeting and a message.
pub const MEETING_TRUST_SHARE: f64 = 0.2;
pub const MESSAGE_TRUST_SHARE: f64 = 0.05;
/// Support a hard public statement earns at home.
pub const HARDEN_SUPPORT: f64 = 0.03;
/// Trust a public statement costs (hard) or earns (soft) with the other side.
pub const STATEMENT_TRUST: f64 = 0.04;
/// Share of a stakeholder's anger left after it is briefed.
pub const BRIEFED_ANGER_KEPT: f64 = 0.6;
/// Credibility a denial puts at stake, paid if a leak later proves it false.
pub const DENIAL_DEBT: f64 = 0.12;
/// Share of suspicious stakeholders' anger left after a denial.
pub const DENIAL_CALMS: f64 = 0.5;
/// Surprise of a controlled disclosure, relative to a hostile leak.
pub const CONFIRM_SURPRISE: f64 = 0.45;
/// Credibility earned by coming clean; half of any denial debt is paid at once.
pub const CONFIRM_CREDIBILITY: f64 = 0.03;
pub const CONFIRM_DEBT_SHARE: f64 = 0.5;
/// Trust lost (escalation) or won (de-escalation) on every channel between the sides.
pub const ESCALATE_TRUST: f64 = 0.05;
pub const DEESCALATE_TRUST: f64 = 0.04;
/// Support won by escalating (rally round the flag) or lost by stepping back.
pub const ESCALATE_SUPPORT: f64 = 0.02;
pub const DEESCALATE_SUPPORT: f64 = 0.01;
/// What walking back a public escalation costs at home and abroad.
pub const RETREAT_SUPPORT: f64 = 0.03;
pub const RETREAT_CREDIBILITY: f64 = 0.03;
/// Trust lost when talks move to a new host, on the moved channel and between the sides.
pub const VENUE_CHANNEL_TRUST: f64 = 0.1;
pub const VENUE_TRUST: f64 = 0.08;
/// Pressure a new venue puts on the other side, times the host's neutrality.
pub const VENUE_PRESSURE: f64 = 0.05;
/// Surprise when signing takes a secret deal public.
pub const SIGNING_SURPRISE: f64 = 0.3;
/// Trust a channel loses when a leak is traced to either side.
pub const LEAK_TRUST: f64 = 0.12;

/// Starting trust of a new back channel, through a go-between of this neutrality.
pub fn new_channel_trust(mediator_neutrality: Option<f64>) -> f64 {
    NEW_CHANNEL_TRUST
        + mediator_neutrality
            .map(|n| MEDIATOR_TRUST_BONUS * n)
            .unwrap_or(0.0)
}

/// Trust after a face-to-face meeting: closes a share of the way to full trust.
pub fn trust_after_meeting(trust: f64) -> f64 {
    (trust + MEETING_TRUST_SHARE * (1.0 - trust)).min(1.0)
}

/// Trust after a message: a small step of the way to full trust.
pub fn trust_after_message(trust: f64) -> f64 {
    (trust + MESSAGE_TRUST_SHARE * (1.0 - trust)).min(1.0)
}

/// How much less a probe at the official table tells: there both sides speak for the
/// record, and what they let slip about their bottom line is posture as often as truth.
pub const OFFICIAL_PROBE_NOISE: f64 = 0.15;

/// Chance that a probe's signal tells the truth about the other side's type: a trusted
/// channel gives clearer signals, and a public one murkier (lesson 6: a back channel
/// tests good faith cheaply).
pub fn probe_honesty(trust: f64, public: bool) -> f64 {
    let noise = if public { OFFICIAL_PROBE_NOISE } else { 0.0 };
    0.55 + 0.35 * trust - noise
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings_build_trust_faster_than_messages_and_never_past_one() {
        assert!((trust_after_meeting(0.5) - 0.6).abs() < 1e-12);
        assert!((trust_after_message(0.5) - 0.525).abs() < 1e-12);
        assert_eq!(trust_after_meeting(1.0), 1.0);
    }

    #[test]
    fn a_neutral_go_between_starts_a_channel_warmer() {
        assert!((new_channel_trust(None) - 0.3).abs() < 1e-12);
        assert!((new_channel_trust(Some(1.0)) - 0.45).abs() < 1e-12);
    }

    #[test]
    fn probes_read_truer_on_trusted_channels() {
        assert!(probe_honesty(0.9, false) > probe_honesty(0.1, false));
        assert!(probe_honesty(1.0, false) < 1.0, "a probe is never certain");
        assert!(probe_honesty(0.5, true) < probe_honesty(0.5, false) - 0.1);
        assert!(
            probe_honesty(0.0, true) > 1.0 / 3.0,
            "still better than a guess"
        );
    }
}
