//! The largest scenario the loader accepts, written out: every list at (or near) its
//! limit, as long as the whole stays under the file size limit. Tests, the fuzzing
//! harness and `backchannel bench` use it to show that loading, validating and the
//! computer's turn stay bounded whatever an instructor (or an attacker) writes.

use std::fmt::Write;

use super::validate::{
    MAX_DEADLINE, MAX_EFFECTS, MAX_ISSUES, MAX_LIST, MAX_OPTIONS, MAX_STAKEHOLDERS,
};

/// Numbers in 0..1 from a fixed sequence (a fixture, not the game's RNG).
struct Numbers(u64);

impl Numbers {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % 1000) as f64 / 1000.0
    }
}

/// RON text of the largest scenario accepted (about 0.9 MiB).
pub fn largest() -> String {
    let mut n = Numbers(7);
    let mut s = String::with_capacity(1 << 20);
    let issues = MAX_ISSUES;
    let options = MAX_OPTIONS;
    let holders = MAX_STAKEHOLDERS;
    let deadline = MAX_DEADLINE;
    let w = |s: &mut String, text: &str| s.push_str(text);
    w(
        &mut s,
        "(\n version: 1,\n id: \"largest\",\n title: \"The largest scenario accepted\",\n year: 2026,\n",
    );
    w(
        &mut s,
        " summary: \"Every list at its limit.\",\n teaching_goals: [\"Bounded work.\"],\n",
    );
    w(
        &mut s,
        " sources: [(author: \"Back Channel\", title: \"Limits\", year: 2026)],\n",
    );
    let labels: Vec<String> = (1..=MAX_LIST).map(|d| format!("\"Day {d}\"")).collect();
    let _ = writeln!(
        s,
        " calendar: (turn_length: \"day\", labels: [{}], deadline: {deadline}, epilogue_turns: 50),",
        labels.join(",")
    );
    let rungs: Vec<String> = (0..20).map(|r| format!("\"Rung {r}\"")).collect();
    let _ = writeln!(
        s,
        " rules: (action_points: 20, escalation: (levels: [{}], start: 0, drift: 0.01, delay_cost: 0.001, cost_per_level: 0.001)),",
        rungs.join(",")
    );
    s.push_str(" parties: [\n");
    for p in ["east", "west"] {
        let weights: Vec<String> = (0..issues)
            .map(|i| format!("\"issue_{i}\": {}", 0.1 + n.next() * 0.9))
            .collect();
        let _ = writeln!(
            s,
            "  (id: \"{p}\", name: \"{p}\", weights: {{{}}}, reservation: 0.4, resolve: 0.6, credibility: 0.6, domestic_support: 0.6, types: [(kind: Hardliner, e: 0.6, weight: 0.3), (kind: Reciprocator, e: 1.0, weight: 0.4), (kind: Conceder, e: 1.8, weight: 0.3)], briefing: \"Bounded.\"),",
            weights.join(", ")
        );
    }
    s.push_str(" ],\n negotiators: [\n");
    for k in 0..MAX_LIST {
        let p = if k % 2 == 0 { "east" } else { "west" };
        let authority = if k < 4 { "Commit" } else { "Explore" };
        let _ = writeln!(
            s,
            "  (id: \"n{k}\", name: \"N {k}\", party: \"{p}\", role: \"envoy\", authority: {authority}, discretion: {}),",
            n.next()
        );
    }
    s.push_str(" ],\n intermediaries: [\n");
    for k in 0..MAX_LIST {
        let _ = writeln!(
            s,
            "  (id: \"m{k}\", name: \"M {k}\", description: \"a host\", neutrality: {}, discretion: {}, capacity: 20),",
            n.next(),
            n.next()
        );
    }
    s.push_str(" ],\n stakeholders: [\n");
    for h in 0..holders {
        let p = if h % 2 == 0 { "east" } else { "west" };
        let _ = writeln!(
            s,
            "  (id: \"h{h}\", name: \"H {h}\", party: \"{p}\", influence: {}, reservation: 0.4, spoiler_capacity: 0.3, acts: [Leak, Veto, Campaign], discretion: 0.5, wants: \"more\"),",
            0.05 + n.next() / 2.0
        );
    }
    s.push_str(" ],\n issues: [\n");
    for i in 0..issues {
        let _ = writeln!(
            s,
            "  (id: \"issue_{i}\", name: \"Issue {i}\", sensitivity: {}, options: [",
            n.next()
        );
        for o in 0..options {
            let stance: Vec<String> = (0..holders)
                .map(|h| format!("\"h{h}\":{}", n.next()))
                .collect();
            let _ = writeln!(
                s,
                "   (id: \"o{o}\", label: \"Option {o}\", utility: {{\"east\": {}, \"west\": {}}}, stance: {{{}}}),",
                n.next(),
                n.next(),
                stance.join(",")
            );
        }
        s.push_str("  ]),\n");
    }
    s.push_str(" ],\n channels: [\n");
    for c in 0..MAX_LIST {
        let (a, b) = (2 * (c % 100), 2 * (c % 100) + 1);
        let kind = if c == 0 { "Official" } else { "BackDirect" };
        let _ = writeln!(
            s,
            "  (id: \"c{c}\", kind: {kind}, medium: Phone, between: (\"n{a}\", \"n{b}\"), staff: {}, trust: 0.5),",
            c % 10
        );
    }
    s.push_str(" ],\n events: [\n");
    for e in 0..MAX_LIST {
        let effects: Vec<String> = (0..MAX_EFFECTS)
            .map(|k| match k % 4 {
                0 => format!("Support(\"east\", {})", n.next() / 10.0),
                1 => format!("Anger(\"h{}\", 0.01)", k % holders),
                2 => format!("Trust(\"c{}\", -0.01)", k),
                _ => "Scrutiny(0.01)".to_string(),
            })
            .collect();
        let _ = writeln!(
            s,
            "  (turn: {}, text: \"Event {e}. {}\", effects: [{}]),",
            1 + (e as u32 * 2) % deadline,
            "News. ".repeat(330),
            effects.join(", ")
        );
    }
    s.push_str(" ],\n historical: Some((outcome: \"None.\", actions: [\n");
    for t in 1..=MAX_LIST * 5 {
        let p = if t % 2 == 0 { "east" } else { "west" };
        let _ = writeln!(
            s,
            "  (turn: {}, party: \"{p}\", action: Message(channel: \"c{}\")),",
            1 + (t - 1) as u32 * deadline / (MAX_LIST as u32 * 5),
            t % MAX_LIST
        );
    }
    s.push_str(" ])),\n)\n");
    s
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The fixture is accepted, is near the size limit, and has every list the
    /// computer weighs at its limit.
    #[test]
    fn the_largest_scenario_is_accepted() {
        let text = super::largest();
        assert!(
            text.len() as u64 <= crate::scenario::load::MAX_FILE_BYTES && text.len() > 600_000,
            "{} bytes",
            text.len()
        );
        let s = crate::scenario::load_bytes(Path::new("largest.ron"), text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.issues.len(), super::MAX_ISSUES);
        assert_eq!(s.stakeholders.len(), super::MAX_STAKEHOLDERS);
        assert!(
            s.issues
                .iter()
                .all(|i| i.options.len() == super::MAX_OPTIONS)
        );
    }
}
