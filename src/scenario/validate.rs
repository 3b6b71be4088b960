//! From the file schema to the checked model, collecting every error with a place.

use std::collections::{BTreeMap, BTreeSet};

use super::diagnostics::{Diagnostic, position_of};
use super::model::*;
use super::schema::*;

/// Most entries accepted in any one list of a scenario.
pub const MAX_LIST: usize = 200;

/// Finds places in the text for errors that serde cannot place.
struct Locator<'a> {
    text: &'a str,
}

impl Locator<'_> {
    /// Offset of `"value"` written after `key:` (or anywhere, failing that).
    fn value(&self, key: &str, value: &str, from: usize) -> Option<usize> {
        let quoted = format!("\"{value}\"");
        let hay = &self.text[from.min(self.text.len())..];
        let mut first = None;
        for (i, _) in hay.match_indices(&quoted) {
            first.get_or_insert(from + i);
            let before = hay[..i].trim_end();
            let before = before.strip_suffix(':').unwrap_or(before).trim_end();
            if before.ends_with(key) {
                return Some(from + i);
            }
        }
        first
    }

    /// Offset of the entry whose `id` is `id` (searching from `from`).
    fn entry(&self, id: &str) -> Option<usize> {
        self.value("id", id, 0)
    }

    /// Offset of `field:` inside the entry with `id`, or of the entry.
    fn field(&self, id: &str, field: &str) -> Option<usize> {
        let start = self.entry(id)?;
        let key = format!("{field}:");
        let rest = &self.text[start..];
        // Stay inside this entry: stop at the next `id:`.
        let end = rest[1..].find("id:").map(|e| e + 1).unwrap_or(rest.len());
        rest[..end].find(&key).map(|i| start + i).or(Some(start))
    }

    fn key(&self, key: &str) -> Option<usize> {
        let k = format!("{key}:");
        self.text.find(&k)
    }
}

struct Checker<'a> {
    loc: Locator<'a>,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn at(&mut self, offset: Option<usize>, message: String) {
        let (line, col) = position_of(self.loc.text, offset.unwrap_or(0));
        self.errors.push(Diagnostic { line, col, message });
    }

    fn range(&mut self, offset: Option<usize>, what: &str, v: f64, lo: f64, hi: f64) {
        if !(v.is_finite() && v >= lo && v <= hi) {
            self.at(
                offset,
                format!("{what} is {v}; expected a number from {lo} to {hi}"),
            );
        }
    }

    fn unit(&mut self, id: &str, field: &str, what: &str, v: f64) {
        let o = self.loc.field(id, field);
        self.range(o, what, v, 0.0, 1.0);
    }

    fn list(&mut self, key: &str, len: usize) {
        if len > MAX_LIST {
            let o = self.loc.key(key);
            self.at(
                o,
                format!("`{key}` has {len} entries; at most {MAX_LIST} are allowed"),
            );
        }
    }

    fn unique<'b>(
        &mut self,
        kind: &str,
        ids: impl Iterator<Item = &'b String>,
    ) -> BTreeMap<String, usize> {
        let mut map = BTreeMap::new();
        for (i, id) in ids.enumerate() {
            if id.is_empty() {
                let o = self.loc.value("id", "", 0);
                self.at(
                    o,
                    format!("a {kind} has an empty id; expected a short name like \"usa\""),
                );
            } else if map.insert(id.clone(), i).is_some() {
                // Point at the second occurrence.
                let first = self.loc.entry(id).unwrap_or(0);
                let o = self.loc.value("id", id, first + 1);
                self.at(
                    o,
                    format!("duplicate {kind} id \"{id}\"; ids must be unique"),
                );
            }
        }
        map
    }

    /// Check an issue/option pair written under `issue_key`/`option_key`.
    fn option(
        &mut self,
        file: &ScenarioFile,
        issues: &BTreeMap<String, usize>,
        (issue_key, option_key): (&str, &str),
        issue: &str,
        option: &str,
    ) {
        match issues.get(issue) {
            None => self.unknown(issue_key, "issue", issue, issues),
            Some(&i) => {
                if !file.issues[i].options.iter().any(|o| o.id == option) {
                    let o = self.loc.value(option_key, option, 0);
                    self.at(o, format!("issue \"{issue}\" has no option \"{option}\""));
                }
            }
        }
    }

    /// Check an issue-weight map of `owner`; returns the sum of its weights.
    fn weights(
        &mut self,
        owner: &str,
        map: &BTreeMap<String, f64>,
        issues: &BTreeMap<String, usize>,
    ) -> f64 {
        for (issue, w) in map {
            if !issues.contains_key(issue) {
                self.unknown("weights", "issue", issue, issues);
            }
            let o = self.loc.field(owner, "weights");
            self.range(
                o,
                &format!("the weight of \"{issue}\" for \"{owner}\""),
                *w,
                0.0,
                1.0,
            );
        }
        map.values().sum()
    }

    fn unknown(&mut self, key: &str, kind: &str, id: &str, known: &BTreeMap<String, usize>) {
        let o = self.loc.value(key, id, 0);
        let names: Vec<&str> = known.keys().map(String::as_str).take(12).collect();
        self.at(
            o,
            format!(
                "unknown {kind} \"{id}\"; expected one of: {}",
                if names.is_empty() {
                    "(none defined)".to_string()
                } else {
                    names.join(", ")
                }
            ),
        );
    }
}

/// Check a parsed file against its text and build the model, or return every error.
pub fn validate(file: &ScenarioFile, text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let mut c = Checker {
        loc: Locator { text },
        errors: Vec::new(),
    };

    if file.version != FORMAT_VERSION {
        let o = c.loc.key("version");
        let msg = if file.version > FORMAT_VERSION {
            format!(
                "this file is format version {}, newer than this build reads ({FORMAT_VERSION}); update Back Channel",
                file.version
            )
        } else {
            format!(
                "unknown format version {}; expected `version: {FORMAT_VERSION}`",
                file.version
            )
        };
        c.at(o, msg);
    }
    if file.id.trim().is_empty() {
        let o = c.loc.key("id");
        c.at(
            o,
            "the scenario id is empty; expected a short name like \"cuba_1962\"".into(),
        );
    }

    for (key, len) in [
        ("parties", file.parties.len()),
        ("negotiators", file.negotiators.len()),
        ("intermediaries", file.intermediaries.len()),
        ("stakeholders", file.stakeholders.len()),
        ("issues", file.issues.len()),
        ("channels", file.channels.len()),
        ("events", file.events.len()),
        ("labels", file.calendar.labels.len()),
        ("sources", file.sources.len()),
    ] {
        c.list(key, len);
    }
    if let Some(h) = &file.historical
        && h.actions.len() > MAX_LIST * 5
    {
        let o = c.loc.key("actions");
        c.at(
            o,
            format!(
                "the historical path has {} actions; at most {} are allowed",
                h.actions.len(),
                MAX_LIST * 5
            ),
        );
    }
    if !c.errors.is_empty() {
        return Err(c.errors);
    }

    // ---- ids ----
    let parties = c.unique("party", file.parties.iter().map(|p| &p.id));
    let negs = c.unique("negotiator", file.negotiators.iter().map(|p| &p.id));
    let inters = c.unique("intermediary", file.intermediaries.iter().map(|p| &p.id));
    let holders = c.unique("stakeholder", file.stakeholders.iter().map(|p| &p.id));
    let issues = c.unique("issue", file.issues.iter().map(|p| &p.id));
    let start_channels = c.unique("channel", file.channels.iter().map(|p| &p.id));

    if file.parties.len() != 2 {
        let o = c.loc.key("parties");
        c.at(
            o,
            format!(
                "the scenario has {} parties; format 1 expects exactly two sides at the table",
                file.parties.len()
            ),
        );
    }
    if file.issues.is_empty() {
        let o = c.loc.key("issues");
        c.at(
            o,
            "the scenario has no issues; expected at least one issue with two options".into(),
        );
    }

    // ---- calendar ----
    if file.calendar.deadline < 1 {
        let o = c.loc.key("deadline");
        c.at(o, "the deadline is before the first turn; expected a deadline of 1 or more (turns count from 1)".into());
    } else if file.calendar.deadline > 500 {
        let o = c.loc.key("deadline");
        c.at(
            o,
            format!(
                "the deadline is turn {}; at most 500 turns are allowed",
                file.calendar.deadline
            ),
        );
    }
    if file.calendar.epilogue_turns > 50 {
        let o = c.loc.key("epilogue_turns");
        c.at(o, "epilogue_turns is above 50; expected 0 to 50".into());
    }

    // ---- rules ----
    let r = &file.rules;
    let rk = |c: &Checker, k: &str| c.loc.key(k);
    if r.action_points == 0 || r.action_points > 20 {
        let o = rk(&c, "action_points");
        c.at(
            o,
            format!("action_points is {}; expected 1 to 20", r.action_points),
        );
    }
    for (k, v, hi) in [
        ("leak_base", r.leak_base, 1.0),
        ("staff_discretion", r.staff_discretion, 1.0),
        ("bulk_leak_chance", r.bulk_leak_chance, 1.0),
        ("audience_cost", r.audience_cost, 1.0),
        ("ratification_threshold", r.ratification_threshold, 1.0),
        ("suspicion_rate", r.suspicion_rate, 1.0),
        ("reservation_spread", r.reservation_spread, 1.0),
        ("drift", r.escalation.drift, 1.0),
        ("delay_cost", r.escalation.delay_cost, 1.0),
        ("cost_per_level", r.escalation.cost_per_level, 1.0),
        ("face_to_face", r.medium.face_to_face, 10.0),
        ("courier", r.medium.courier, 10.0),
        ("phone", r.medium.phone, 10.0),
        ("digital", r.medium.digital, 10.0),
    ] {
        let o = rk(&c, k);
        c.range(o, k, v, 0.0, hi);
    }
    if !(r.secrecy_half_life.is_finite()
        && r.secrecy_half_life > 0.0
        && r.secrecy_half_life <= 1000.0)
    {
        let o = rk(&c, "secrecy_half_life");
        c.at(
            o,
            format!(
                "secrecy_half_life is {}; expected a number of turns above 0 (at most 1000)",
                r.secrecy_half_life
            ),
        );
    }
    let levels = r.escalation.levels.len();
    if !(2..=20).contains(&levels) {
        let o = rk(&c, "levels");
        c.at(
            o,
            format!("the escalation ladder has {levels} rungs; expected 2 to 20 (the last is war)"),
        );
    } else if r.escalation.start as usize >= levels - 1 {
        let o = rk(&c, "start");
        c.at(
            o,
            format!(
                "the escalation starts at rung {}, which is war or beyond; expected 0 to {}",
                r.escalation.start,
                levels - 2
            ),
        );
    }

    // ---- parties ----
    for p in &file.parties {
        c.unit(&p.id, "reservation", "reservation", p.reservation);
        c.unit(&p.id, "resolve", "resolve", p.resolve);
        c.unit(&p.id, "credibility", "credibility", p.credibility);
        c.unit(
            &p.id,
            "domestic_support",
            "domestic_support",
            p.domestic_support,
        );
        let total = c.weights(&p.id, &p.weights, &issues);
        if total <= 0.0 && c.errors.is_empty() {
            let o = c.loc.field(&p.id, "weights");
            c.at(o, format!("party \"{}\" gives no weight to any issue; expected at least one weight above 0", p.id));
        }
        for (issue, option) in &p.position {
            c.option(file, &issues, ("position", issue), issue, option);
        }
        let mut type_total = 0.0;
        for t in &p.types {
            let o = c.loc.field(&p.id, "types");
            c.range(o, "a type's weight", t.weight, 0.0, 1.0);
            c.range(o, "a type's concession exponent e", t.e, 0.05, 10.0);
            type_total += t.weight;
        }
        if !p.types.is_empty() && type_total <= 0.0 {
            let o = c.loc.field(&p.id, "types");
            c.at(
                o,
                format!(
                    "the types of \"{}\" all have weight 0; expected at least one above 0",
                    p.id
                ),
            );
        }
        if !file.negotiators.iter().any(|n| n.party == p.id) {
            let o = c.loc.entry(&p.id);
            c.at(
                o,
                format!(
                    "party \"{}\" has no negotiator; expected at least one person acting for it",
                    p.id
                ),
            );
        }
    }

    for n in &file.negotiators {
        if !parties.contains_key(&n.party) {
            c.unknown("party", "party", &n.party, &parties);
        }
        c.unit(&n.id, "discretion", "discretion", n.discretion);
    }
    for m in &file.intermediaries {
        c.unit(&m.id, "neutrality", "neutrality", m.neutrality);
        c.unit(&m.id, "discretion", "discretion", m.discretion);
        if m.capacity == 0 || m.capacity > 20 {
            let o = c.loc.field(&m.id, "capacity");
            c.at(
                o,
                format!(
                    "capacity is {}; expected 1 to 20 meetings per turn",
                    m.capacity
                ),
            );
        }
    }
    for s in &file.stakeholders {
        if !parties.contains_key(&s.party) {
            c.unknown("party", "party", &s.party, &parties);
        }
        c.unit(&s.id, "influence", "influence", s.influence);
        c.unit(&s.id, "reservation", "reservation", s.reservation);
        c.unit(&s.id, "anger", "anger", s.anger);
        c.unit(
            &s.id,
            "spoiler_capacity",
            "spoiler_capacity",
            s.spoiler_capacity,
        );
        c.unit(&s.id, "discretion", "discretion", s.discretion);
        let total = c.weights(&s.id, &s.weights, &issues);
        if !s.weights.is_empty() && total <= 0.0 {
            let o = c.loc.field(&s.id, "weights");
            c.at(o, format!("stakeholder \"{}\" gives no weight to any issue; expected at least one weight above 0", s.id));
        }
    }

    // ---- issues ----
    for issue in &file.issues {
        c.unit(&issue.id, "sensitivity", "sensitivity", issue.sensitivity);
        if issue.options.len() < 2 {
            let o = c.loc.entry(&issue.id);
            c.at(
                o,
                format!(
                    "issue \"{}\" has {} option(s); expected at least two",
                    issue.id,
                    issue.options.len()
                ),
            );
        }
        if issue.options.len() > 12 {
            let o = c.loc.entry(&issue.id);
            c.at(
                o,
                format!(
                    "issue \"{}\" has {} options; at most 12 are allowed",
                    issue.id,
                    issue.options.len()
                ),
            );
        }
        let _ = c.unique("option", issue.options.iter().map(|o| &o.id));
        for opt in &issue.options {
            for p in &file.parties {
                if !opt.utility.contains_key(&p.id) {
                    let o = c.loc.entry(&opt.id);
                    c.at(o, format!("option \"{}\" of issue \"{}\" has no utility for party \"{}\"; every option needs a utility for every party", opt.id, issue.id, p.id));
                }
            }
            for (party, u) in &opt.utility {
                if !parties.contains_key(party) {
                    c.unknown("utility", "party", party, &parties);
                }
                let o = c.loc.field(&opt.id, "utility");
                c.range(
                    o,
                    &format!("utility of \"{}\" for \"{party}\"", opt.id),
                    *u,
                    0.0,
                    1.0,
                );
            }
            for (holder, s) in &opt.stance {
                if !holders.contains_key(holder) {
                    c.unknown("stance", "stakeholder", holder, &holders);
                }
                let o = c.loc.field(&opt.id, "stance");
                c.range(
                    o,
                    &format!("stance of \"{holder}\" on \"{}\"", opt.id),
                    *s,
                    0.0,
                    1.0,
                );
            }
        }
    }

    // ---- channels ----
    let neg_party = |id: &str| -> Option<&str> {
        file.negotiators
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.party.as_str())
    };
    for ch in &file.channels {
        let (a, b) = &ch.between;
        for end in [a, b] {
            if !negs.contains_key(end) {
                c.unknown("between", "negotiator", end, &negs);
            }
        }
        if let (Some(pa), Some(pb)) = (neg_party(a), neg_party(b))
            && pa == pb
        {
            let o = c.loc.field(&ch.id, "between");
            c.at(o, format!("channel \"{}\" joins two negotiators of the same party \"{pa}\"; expected one from each side", ch.id));
        }
        if let Some(v) = &ch.via
            && !inters.contains_key(v)
        {
            c.unknown("via", "intermediary", v, &inters);
        }
        if ch.kind == ChannelKind::BackMediated && ch.via.is_none() {
            let o = c.loc.field(&ch.id, "kind");
            c.at(o, format!("channel \"{}\" is BackMediated but names no intermediary; expected `via: Some(\"...\")`", ch.id));
        }
        c.unit(&ch.id, "trust", "trust", ch.trust);
        if ch.staff > 10_000 {
            let o = c.loc.field(&ch.id, "staff");
            c.at(o, format!("staff is {}; at most 10000", ch.staff));
        }
    }

    // ---- events ----
    let deadline = file.calendar.deadline;
    let mut all_channels: BTreeSet<String> = start_channels.keys().cloned().collect();
    if let Some(h) = &file.historical {
        for a in &h.actions {
            match &a.action {
                ActionDef::OpenChannel { id, .. } | ActionDef::MoveVenue { id, .. } => {
                    all_channels.insert(id.clone());
                }
                _ => {}
            }
        }
    }
    let channel_map: BTreeMap<String, usize> = all_channels.iter().cloned().zip(0..).collect();
    for ev in &file.events {
        if ev.turn < 1 || ev.turn > deadline {
            let o = c.loc.value("text", &ev.text, 0);
            c.at(
                o,
                format!(
                    "event on turn {} is outside the game; expected a turn from 1 to {deadline}",
                    ev.turn
                ),
            );
        }
        if let Some(ConditionDef::ChannelOpen(id)) = &ev.when
            && !channel_map.contains_key(id)
        {
            c.unknown("ChannelOpen", "channel", id, &channel_map);
        }
        for e in &ev.effects {
            match e {
                EffectDef::Support(p, v) => {
                    if !parties.contains_key(p) {
                        c.unknown("Support", "party", p, &parties);
                    }
                    let o = c.loc.value("Support", p, 0);
                    c.range(o, "a support change", *v, -1.0, 1.0);
                }
                EffectDef::Anger(s, v) => {
                    if !holders.contains_key(s) {
                        c.unknown("Anger", "stakeholder", s, &holders);
                    }
                    let o = c.loc.value("Anger", s, 0);
                    c.range(o, "an anger change", *v, -1.0, 1.0);
                }
                EffectDef::Rumour(p) => {
                    if !parties.contains_key(p) {
                        c.unknown("Rumour", "party", p, &parties);
                    }
                }
                EffectDef::Aware(s, _) => {
                    if !holders.contains_key(s) {
                        c.unknown("Aware", "stakeholder", s, &holders);
                    }
                }
                EffectDef::Trust(ch, v) => {
                    if !channel_map.contains_key(ch) {
                        c.unknown("Trust", "channel", ch, &channel_map);
                    }
                    let o = c.loc.value("Trust", ch, 0);
                    c.range(o, "a trust change", *v, -1.0, 1.0);
                }
                EffectDef::Close(ch) => {
                    if !channel_map.contains_key(ch) {
                        c.unknown("Close", "channel", ch, &channel_map);
                    }
                }
                EffectDef::Scrutiny(v) => {
                    let o = c.loc.key("Scrutiny");
                    c.range(o, "a scrutiny change", *v, -1.0, 2.0);
                }
                EffectDef::Escalate(n) => {
                    if n.abs() > 5 {
                        let o = c.loc.key("Escalate");
                        c.at(
                            o,
                            format!("Escalate({n}) moves more than 5 rungs; expected -5 to 5"),
                        );
                    }
                }
            }
        }
    }

    // ---- historical path ----
    if let Some(h) = &file.historical {
        let mut known_channels: BTreeSet<String> = start_channels.keys().cloned().collect();
        let mut last_turn = 0;
        for a in &h.actions {
            let here = c.loc.value("party", &a.party, 0);
            if a.turn < 1 || a.turn > deadline {
                c.at(here, format!("a historical action on turn {} is outside the game; expected 1 to {deadline}", a.turn));
            }
            if a.turn < last_turn {
                c.at(here, format!("historical actions go back in time (turn {} after turn {last_turn}); expected them in turn order", a.turn));
            }
            last_turn = a.turn;
            if !parties.contains_key(&a.party) {
                c.unknown("party", "party", &a.party, &parties);
            }
            let kind = a.action.kind();
            if !file.rules.allowed_actions.is_empty() && !file.rules.allowed_actions.contains(&kind)
            {
                let o = c.loc.key(kind.name());
                c.at(o, format!("the historical path uses {}, which this scenario does not allow (see rules.allowed_actions)", kind.name()));
            }
            check_action_refs(
                &mut c,
                &a.action,
                &mut known_channels,
                &negs,
                &inters,
                &holders,
                &issues,
                file,
            );
        }
    }

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(build(file, text))
}

#[allow(clippy::too_many_arguments)]
fn check_action_refs(
    c: &mut Checker,
    action: &ActionDef,
    channels: &mut BTreeSet<String>,
    negs: &BTreeMap<String, usize>,
    inters: &BTreeMap<String, usize>,
    holders: &BTreeMap<String, usize>,
    issues: &BTreeMap<String, usize>,
    file: &ScenarioFile,
) {
    let chan_map = |s: &BTreeSet<String>| s.iter().cloned().zip(0..).collect::<BTreeMap<_, _>>();
    let need_channel = |c: &mut Checker, ch: &String, channels: &BTreeSet<String>| {
        if !channels.contains(ch) {
            c.unknown(
                "channel",
                "channel (not open at this point of the path)",
                ch,
                &chan_map(channels),
            );
        }
    };
    match action {
        ActionDef::OpenChannel {
            id, from, to, via, ..
        } => {
            for n in [from, to] {
                if !negs.contains_key(n) {
                    c.unknown(if n == from { "from" } else { "to" }, "negotiator", n, negs);
                }
            }
            if let Some(v) = via
                && !inters.contains_key(v)
            {
                c.unknown("via", "intermediary", v, inters);
            }
            channels.insert(id.clone());
        }
        ActionDef::MoveVenue { channel, via, id } => {
            need_channel(c, channel, channels);
            if !inters.contains_key(via) {
                c.unknown("via", "intermediary", via, inters);
            }
            channels.insert(id.clone());
        }
        ActionDef::Upgrade {
            channel,
            negotiator,
        } => {
            need_channel(c, channel, channels);
            if !negs.contains_key(negotiator) {
                c.unknown("negotiator", "negotiator", negotiator, negs);
            }
        }
        ActionDef::Offer { channel, clauses } => {
            need_channel(c, channel, channels);
            for cl in clauses {
                c.option(file, issues, ("issue", "option"), &cl.issue, &cl.option);
            }
        }
        ActionDef::Statement { issue, option, .. } => {
            c.option(file, issues, ("issue", "option"), issue, option)
        }
        ActionDef::Brief {
            stakeholder,
            channel,
        } => {
            need_channel(c, channel, channels);
            if !holders.contains_key(stakeholder) {
                c.unknown("stakeholder", "stakeholder", stakeholder, holders);
            }
        }
        ActionDef::Accept { channel }
        | ActionDef::Reject { channel }
        | ActionDef::Probe { channel }
        | ActionDef::Meet { channel }
        | ActionDef::Message { channel }
        | ActionDef::Compartmentalise { channel }
        | ActionDef::Confirm { channel } => need_channel(c, channel, channels),
        ActionDef::Deny
        | ActionDef::Escalate
        | ActionDef::DeEscalate
        | ActionDef::Sign
        | ActionDef::Wait => {}
    }
}

/// Build the model from a file already checked.
fn build(file: &ScenarioFile, text: &str) -> Scenario {
    let pidx = |id: &str| file.parties.iter().position(|p| p.id == id).unwrap_or(0);
    let nidx = |id: &str| {
        file.negotiators
            .iter()
            .position(|p| p.id == id)
            .unwrap_or(0)
    };
    let issues: Vec<Issue> = file
        .issues
        .iter()
        .map(|i| Issue {
            id: i.id.clone(),
            name: i.name.clone(),
            sensitivity: i.sensitivity,
            options: i
                .options
                .iter()
                .map(|o| {
                    let utility: Vec<f64> = file.parties.iter().map(|p| o.utility[&p.id]).collect();
                    IssueOption {
                        id: o.id.clone(),
                        label: o.label.clone(),
                        stance: file
                            .stakeholders
                            .iter()
                            .map(|s| {
                                o.stance
                                    .get(&s.id)
                                    .copied()
                                    .unwrap_or(utility[pidx(&s.party)])
                            })
                            .collect(),
                        utility,
                    }
                })
                .collect(),
        })
        .collect();
    let parties = file
        .parties
        .iter()
        .map(|p| {
            let total: f64 = p.weights.values().sum();
            Party {
                id: p.id.clone(),
                name: p.name.clone(),
                playable: p.playable,
                weights: file
                    .issues
                    .iter()
                    .map(|i| p.weights.get(&i.id).copied().unwrap_or(0.0) / total)
                    .collect(),
                reservation: p.reservation,
                resolve: p.resolve,
                credibility: p.credibility,
                domestic_support: p.domestic_support,
                position: file
                    .issues
                    .iter()
                    .map(|i| {
                        p.position
                            .get(&i.id)
                            .and_then(|o| i.options.iter().position(|x| &x.id == o))
                    })
                    .collect(),
                types: if p.types.is_empty() {
                    vec![(TypeKind::Reciprocator, 1.0, 1.0)]
                } else {
                    p.types.iter().map(|t| (t.kind, t.e, t.weight)).collect()
                },
                preconditions: p.preconditions.clone(),
                briefing: p.briefing.clone(),
            }
        })
        .collect();
    Scenario {
        id: file.id.clone(),
        title: file.title.clone(),
        year: file.year,
        summary: file.summary.clone(),
        difficulty: file.difficulty,
        teaching_goals: file.teaching_goals.clone(),
        sources: file.sources.clone(),
        turn_length: file.calendar.turn_length.clone(),
        labels: file.calendar.labels.clone(),
        deadline: file.calendar.deadline,
        epilogue_turns: file.calendar.epilogue_turns,
        rules: file.rules.clone(),
        parties,
        negotiators: file
            .negotiators
            .iter()
            .map(|n| Negotiator {
                id: n.id.clone(),
                name: n.name.clone(),
                party: pidx(&n.party),
                role: n.role.clone(),
                authority: n.authority,
                discretion: n.discretion,
            })
            .collect(),
        intermediaries: file
            .intermediaries
            .iter()
            .map(|m| Intermediary {
                id: m.id.clone(),
                name: m.name.clone(),
                description: m.description.clone(),
                neutrality: m.neutrality,
                discretion: m.discretion,
                capacity: m.capacity,
            })
            .collect(),
        stakeholders: file
            .stakeholders
            .iter()
            .map(|s| Stakeholder {
                id: s.id.clone(),
                name: s.name.clone(),
                party: pidx(&s.party),
                influence: s.influence,
                reservation: s.reservation,
                awareness: s.awareness,
                anger: s.anger,
                spoiler_capacity: s.spoiler_capacity,
                acts: s.acts.clone(),
                discretion: s.discretion,
                weights: {
                    let own: f64 = s.weights.values().sum();
                    if own > 0.0 {
                        file.issues
                            .iter()
                            .map(|i| s.weights.get(&i.id).copied().unwrap_or(0.0) / own)
                            .collect()
                    } else {
                        let p = &file.parties[pidx(&s.party)];
                        let total: f64 = p.weights.values().sum();
                        file.issues
                            .iter()
                            .map(|i| {
                                p.weights.get(&i.id).copied().unwrap_or(0.0) / total.max(1e-12)
                            })
                            .collect()
                    }
                },
                wants: s.wants.clone(),
            })
            .collect(),
        issues,
        channels: file
            .channels
            .iter()
            .map(|ch| StartChannel {
                id: ch.id.clone(),
                kind: ch.kind,
                medium: ch.medium,
                ends: [nidx(&ch.between.0), nidx(&ch.between.1)],
                via: ch
                    .via
                    .as_ref()
                    .and_then(|v| file.intermediaries.iter().position(|m| &m.id == v)),
                staff: ch.staff,
                trust: ch.trust,
                dormant: ch.dormant,
            })
            .collect(),
        events: file
            .events
            .iter()
            .map(|e| Event {
                turn: e.turn,
                text: e.text.clone(),
                when: e.when.clone(),
                effects: e.effects.clone(),
            })
            .collect(),
        historical: file.historical.as_ref().map(|h| Historical {
            outcome: h.outcome.clone(),
            actions: h.actions.clone(),
        }),
        debrief: file.debrief.clone(),
        source_hash: fnv1a(text.as_bytes()),
    }
}
