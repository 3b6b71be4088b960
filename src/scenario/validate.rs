//! From the file schema to the checked model, collecting every error with a place.

use std::collections::{BTreeMap, BTreeSet};

use super::diagnostics::{Diagnostic, position_of, shown};
use super::model::*;
use super::schema::*;

/// Most entries accepted in any one list of a scenario.
pub const MAX_LIST: usize = 200;

/// Most problems reported for one file; past this, a count of the rest. Each placed
/// problem costs a pass over the text, so the cap keeps validation linear.
pub const MAX_DIAGNOSTICS: usize = 50;
/// Longest id accepted, in characters.
pub const MAX_ID: usize = 48;
/// Longest name or label accepted (parties, people, issues, options, rungs), in characters.
pub const MAX_NAME: usize = 160;
/// Longest text accepted (a briefing, an event, a debrief paragraph), in characters.
pub const MAX_TEXT: usize = 8_000;
/// Most issues in a scenario: the computer weighs every package, and a table of more
/// issues than this is not a negotiation a class can follow.
pub const MAX_ISSUES: usize = 24;
/// Most options of one issue.
pub const MAX_OPTIONS: usize = 12;
/// Most stakeholders in a scenario.
pub const MAX_STAKEHOLDERS: usize = 64;
/// Latest deadline: a game of more turns is not one a class can play, and the longest
/// game must stay quick to simulate.
pub const MAX_DEADLINE: u32 = 200;
/// Most effects of one event, and clauses of one scripted offer.
pub const MAX_EFFECTS: usize = 20;

/// Where a problem is, described now and found in the text only if it is reported:
/// finding a place costs a pass over the text, so a valid file never pays for it.
#[derive(Debug, Clone)]
enum Place {
    /// A byte offset already known.
    At(usize),
    /// The first `"value"` after byte `from`, preferably one written after `key`.
    Value {
        key: String,
        value: String,
        from: usize,
    },
    /// The second `"value"` written after `key` (a duplicate).
    Second { key: String, value: String },
    /// `field:` inside the entry whose id is `id`, or the entry itself.
    Field { id: String, field: String },
    /// The first `key:` (or bare word `key`) in the file.
    Key(String),
}

/// Finds places in the text for errors that serde cannot place, from one scan of the
/// text made the first time a place is needed.
struct Locator<'a> {
    text: &'a str,
    index: std::cell::OnceCell<Index<'a>>,
}

/// Every string literal (decoded, with the word written before it) and every word.
#[derive(Default)]
struct Index<'a> {
    strings: Vec<(usize, String, Option<&'a str>)>,
    words: Vec<(usize, &'a str)>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        Locator {
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| {
            use super::scan::{Token, scan};
            let mut ix = Index::default();
            // The word a string belongs to: the last word, if only `:` `(` and `Some`
            // stand between them (`id: "x"`, `Support("usa", ..)`, `via: Some("x")`).
            let mut owner: Option<&str> = None;
            scan(self.text, |t| match t {
                Token::Ident(i, w) => {
                    ix.words.push((i, w));
                    if w != "Some" {
                        owner = Some(w);
                    }
                }
                Token::Colon(_) | Token::Open(_) => {}
                Token::Str(i, v) => {
                    ix.strings.push((i, v, owner));
                    owner = None;
                }
                Token::Close(_) | Token::Other(_) => owner = None,
            });
            ix
        })
    }

    fn value(&self, key: &str, value: &str, from: usize) -> Place {
        Place::Value {
            key: key.to_string(),
            value: value.to_string(),
            from,
        }
    }

    fn entry(&self, id: &str) -> Place {
        self.value("id", id, 0)
    }

    fn field(&self, id: &str, field: &str) -> Place {
        Place::Field {
            id: id.to_string(),
            field: field.to_string(),
        }
    }

    fn key(&self, key: &str) -> Place {
        Place::Key(key.to_string())
    }

    /// Byte offset of a place, if it can be found.
    fn find(&self, place: &Place) -> Option<usize> {
        self.find_unused(place, &[])
    }

    /// [`Locator::find`], but a value written several times (a misspelt id used on
    /// many lines) is found at its first occurrence not in `used`, so that each
    /// report of it points at a line of its own.
    fn find_unused(&self, place: &Place, used: &[usize]) -> Option<usize> {
        let ix = self.index();
        let find_value = |key: &str, value: &str, from: usize, used: &[usize]| {
            let matches = || {
                ix.strings
                    .iter()
                    .filter(move |(i, v, _)| *i >= from && v == value)
            };
            let first = matches().next().map(|m| m.0);
            let keyed = || matches().filter(|m| m.2 == Some(key)).map(|m| m.0);
            keyed()
                .find(|i| !used.contains(i))
                .or_else(|| keyed().next())
                .or(first)
        };
        let find_value_once =
            |key: &str, value: &str, from: usize| find_value(key, value, from, &[]);
        match place {
            Place::At(i) => Some(*i),
            Place::Value { key, value, from } => find_value(key, value, *from, used),
            Place::Second { key, value } => {
                let first = find_value_once(key, value, 0)?;
                find_value_once(key, value, first + 1)
            }
            Place::Field { id, field } => {
                let start = find_value_once("id", id, 0)?;
                let inside = ix
                    .words
                    .iter()
                    .skip_while(|w| w.0 <= start)
                    .take_while(|w| w.1 != "id")
                    .find(|w| w.1 == field)
                    .map(|w| w.0);
                inside.or(Some(start))
            }
            Place::Key(key) => ix.words.iter().find(|w| w.1 == key).map(|w| w.0),
        }
    }
}

struct Checker<'a> {
    loc: Locator<'a>,
    errors: Vec<Diagnostic>,
    /// Problems found past [`MAX_DIAGNOSTICS`].
    unreported: usize,
    /// Where the reports so far point (a repeated value is found at its next line).
    used: Vec<usize>,
}

impl Checker<'_> {
    fn at(&mut self, place: Place, message: String) {
        if self.errors.len() >= MAX_DIAGNOSTICS {
            self.unreported += 1;
            return;
        }
        let offset = self.loc.find_unused(&place, &self.used);
        if let Some(o) = offset {
            self.used.push(o);
        }
        let (line, col) = position_of(self.loc.text, offset.unwrap_or(0));
        self.errors.push(Diagnostic { line, col, message });
    }

    /// The errors found, with a last line counting those not shown.
    fn finish(mut self) -> Vec<Diagnostic> {
        if self.unreported > 0
            && let Some(last) = self.errors.last().cloned()
        {
            self.errors.push(Diagnostic {
                message: format!(
                    "and {} more problem(s) not listed; fix these first",
                    self.unreported
                ),
                ..last
            });
        }
        self.errors
    }

    fn range(&mut self, offset: Place, what: &str, v: f64, lo: f64, hi: f64) {
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
            } else if let Some(problem) = id_problem(id) {
                let o = self.loc.entry(id);
                self.at(o, format!("{kind} id {problem}"));
            } else if map.insert(id.clone(), i).is_some() {
                // Point at the second occurrence.
                let o = Place::Second {
                    key: "id".into(),
                    value: id.clone(),
                };
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
                "unknown {kind} {}; expected one of: {}",
                shown(id),
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
        loc: Locator::new(text),
        errors: Vec::new(),
        unreported: 0,
        used: Vec::new(),
    };

    if !(1..=FORMAT_VERSION).contains(&file.version) {
        let o = c.loc.key("version");
        let msg = if file.version > FORMAT_VERSION {
            format!(
                "this file is format version {}, newer than this build reads ({FORMAT_VERSION}); update Back Channel",
                file.version
            )
        } else {
            format!(
                "unknown format version {}; expected `version: {FORMAT_VERSION}` (or 1, which still loads)",
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
    } else if let Some(problem) = id_problem(&file.id) {
        let o = c.loc.key("id");
        c.at(o, format!("the scenario id {problem}"));
    }
    // Every string, before any work is spent on it.
    let long: Vec<(usize, usize)> = c
        .loc
        .index()
        .strings
        .iter()
        .map(|(i, v, _)| (*i, v.chars().count()))
        .filter(|&(_, n)| n > MAX_TEXT)
        .collect();
    for (i, n) in long {
        c.at(
            Place::At(i),
            format!("this text is {n} characters long; at most {MAX_TEXT} are allowed"),
        );
    }
    for (what, name) in names(file) {
        let n = name.chars().count();
        if n > MAX_NAME {
            let o = c.loc.value("", name, 0);
            c.at(
                o,
                format!("{what} is {n} characters long; at most {MAX_NAME} are allowed (put longer text in a description or briefing)"),
            );
        }
    }

    for (key, len) in [
        ("parties", file.parties.len()),
        ("negotiators", file.negotiators.len()),
        ("intermediaries", file.intermediaries.len()),
        ("channels", file.channels.len()),
        ("events", file.events.len()),
        ("labels", file.calendar.labels.len()),
        ("sources", file.sources.len()),
    ] {
        c.list(key, len);
    }
    for (key, len, max) in nested_lists(file) {
        if len > max {
            let o = c.loc.key(key);
            c.at(
                o,
                format!("this `{key}` list has {len} entries; at most {max} are allowed"),
            );
        }
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
        return Err(c.finish());
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
    if file.parties.len() == 2 && !file.parties.iter().any(|p| p.playable) {
        let o = c.loc.key("playable");
        c.at(
            o,
            "no party is playable, so nobody could play this scenario; expected `playable: true` on at least one side".into(),
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
    } else if file.calendar.deadline > MAX_DEADLINE {
        let o = c.loc.key("deadline");
        c.at(
            o,
            format!(
                "the deadline is turn {}; at most {MAX_DEADLINE} turns are allowed",
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
        for r in &p.red_lines {
            c.option(file, &issues, ("issue", "option"), &r.issue, &r.option);
        }
        let mut type_total = 0.0;
        for t in &p.types {
            let o = c.loc.field(&p.id, "types");
            c.range(o.clone(), "a type's weight", t.weight, 0.0, 1.0);
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
        // (An id already refused above would only repeat the same mistake here.)
        if id_problem(&p.id).is_none() && !file.negotiators.iter().any(|n| n.party == p.id) {
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
        let last = file.calendar.deadline.max(1);
        if m.available_from == 0 || m.available_from > last {
            let o = c.loc.field(&m.id, "available_from");
            c.at(o, format!("intermediary \"{}\" is available from turn {}; expected a turn from 1 to the deadline, {last}", m.id, m.available_from));
        }
        if let Some(u) = m.available_until
            && u < m.available_from
        {
            let o = c.loc.field(&m.id, "available_until");
            c.at(o, format!("intermediary \"{}\" is available until turn {u}, before it is available (from turn {}); expected {} or later", m.id, m.available_from, m.available_from));
        }
    }
    if let Some(md) = &file.mediator {
        if file.version < MEDIATOR_VERSION {
            let o = c.loc.key("mediator");
            c.at(o, format!("a mediator needs format version {MEDIATOR_VERSION}; write `version: {MEDIATOR_VERSION}` at the top (a version-1 file loads unchanged under version 2)"));
        }
        if let Some(problem) = id_problem(&md.id) {
            let o = c.loc.value("id", &md.id, 0);
            c.at(o, format!("mediator id {problem}"));
        }
        if parties.contains_key(&md.id) {
            let o = c.loc.value("id", &md.id, 0);
            c.at(
                o,
                format!(
                    "mediator id \"{}\" is also a party's id; expected an id of its own",
                    md.id
                ),
            );
        }
        if !inters.contains_key(&md.host) {
            c.unknown("host", "intermediary", &md.host, &inters);
        }
        if md.every == 0 || md.every > 50 {
            let o = c.loc.key("every");
            c.at(
                o,
                format!(
                    "the mediator proposes every {} turn(s); expected 1 to 50",
                    md.every
                ),
            );
        }
        if md.from_turn == 0 || md.from_turn > file.calendar.deadline.max(1) {
            let o = c.loc.key("from_turn");
            c.at(
                o,
                format!(
                    "the mediator starts on turn {}; expected a turn from 1 to the deadline, {}",
                    md.from_turn, file.calendar.deadline
                ),
            );
        }
        c.range(
            c.loc.key("self_interest"),
            "the mediator's self_interest",
            md.self_interest,
            0.0,
            1.0,
        );
        c.range(
            c.loc.key("budget"),
            "the mediator's budget",
            md.budget,
            0.0,
            1.0,
        );
        for (issue, options) in &md.interests {
            match file.issues.iter().find(|i| &i.id == issue) {
                None => {
                    let known: BTreeMap<String, usize> =
                        file.issues.iter().map(|i| i.id.clone()).zip(0..).collect();
                    c.unknown("interests", "issue", issue, &known);
                }
                Some(i) => {
                    for (option, v) in options {
                        if !i.options.iter().any(|o| &o.id == option) {
                            let known: BTreeMap<String, usize> =
                                i.options.iter().map(|o| o.id.clone()).zip(0..).collect();
                            c.unknown(issue, &format!("option of \"{issue}\""), option, &known);
                        }
                        let o = c.loc.value(issue, option, 0);
                        c.range(
                            o,
                            &format!("the mediator's value of \"{option}\""),
                            *v,
                            0.0,
                            1.0,
                        );
                    }
                }
            }
        }
    }
    for ch in &file.channels {
        if let Some(v) = &ch.via
            && let Some(m) = file.intermediaries.iter().find(|m| &m.id == v)
            && m.available_from > 1
            && !ch.dormant
            && ch.kind != ChannelKind::Official
        {
            let o = c.loc.field(&ch.id, "via");
            c.at(o, format!("channel \"{}\" is open from the start through \"{v}\", who is not available until turn {}; expected a go-between available on turn 1, or `dormant: true`", ch.id, m.available_from));
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
        for r in &s.red_lines {
            c.option(file, &issues, ("issue", "option"), &r.issue, &r.option);
        }
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
        if issue.options.len() > MAX_OPTIONS {
            let o = c.loc.entry(&issue.id);
            c.at(
                o,
                format!(
                    "issue \"{}\" has {} options; at most {MAX_OPTIONS} are allowed",
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
        if !file.rules.media.is_empty() && !file.rules.media.contains(&ch.medium) {
            let o = c.loc.field(&ch.id, "medium");
            c.at(o, format!("channel \"{}\" uses {:?}, which is not among the scenario's media ({}); expected one of those, or add it to `rules.media`", ch.id, ch.medium, media_list(&file.rules.media)));
        }
        for end in [a, b] {
            if let Some(n) = file.negotiators.iter().find(|n| &n.id == end)
                && !n.present
                && !ch.dormant
            {
                let o = c.loc.field(&ch.id, "between");
                c.at(o, format!("channel \"{}\" is open from the start, but \"{end}\" is not at the table then (`present: false`); expected a negotiator present on turn 1, or `dormant: true`", ch.id));
            }
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
        let epilogue = file.calendar.epilogue_turns;
        if ev.epilogue && (ev.turn < 1 || ev.turn > epilogue) {
            let o = c.loc.value("text", &ev.text, 0);
            c.at(
                o,
                format!(
                    "an epilogue event's turn is its round after signing; {} is outside the epilogue, expected 1 to {epilogue} (calendar.epilogue_turns)",
                    ev.turn
                ),
            );
        } else if !ev.epilogue && deadline >= 1 && (ev.turn < 1 || ev.turn > deadline) {
            let o = c.loc.value("text", &ev.text, 0);
            c.at(
                o,
                format!(
                    "event on turn {} is outside the game; expected a turn from 1 to {deadline}",
                    ev.turn
                ),
            );
        }
        if let Some(p) = &ev.seen_by
            && !parties.contains_key(p)
        {
            c.unknown("seen_by", "party", p, &parties);
        }
        let rungs = file.rules.escalation.levels.len() as u32;
        match &ev.when {
            Some(ConditionDef::EscalationAtLeast(n) | ConditionDef::EscalationBelow(n))
                if *n >= rungs =>
            {
                let o = c.loc.value("text", &ev.text, 0);
                c.at(o, format!("the condition names rung {n}, but the ladder's rungs are 0 to {}; expected one of those", rungs.saturating_sub(1)));
            }
            Some(ConditionDef::ChannelOpen(id)) if !channel_map.contains_key(id) => {
                c.unknown("ChannelOpen", "channel", id, &channel_map);
            }
            Some(ConditionDef::ChannelExposed(id)) if !channel_map.contains_key(id) => {
                c.unknown("ChannelExposed", "channel", id, &channel_map);
            }
            Some(ConditionDef::DealSigned) if ev.epilogue => {
                let o = c.loc.value("text", &ev.text, 0);
                c.at(o, "an epilogue event already follows a signed deal; drop `when: Some(DealSigned)`".into());
            }
            _ => {}
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
                EffectDef::Leave(n) | EffectDef::Arrive(n) => {
                    if !negs.contains_key(n) {
                        let key = if matches!(e, EffectDef::Leave(_)) {
                            "Leave"
                        } else {
                            "Arrive"
                        };
                        c.unknown(key, "negotiator", n, &negs);
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
            if deadline >= 1 && (a.turn < 1 || a.turn > deadline) {
                c.at(here.clone(), format!("a historical action on turn {} is outside the game; expected 1 to {deadline}", a.turn));
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
        return Err(c.finish());
    }
    Ok(build(file, text))
}

/// A channel opened by the historical path needs an id of the documented form.
fn new_channel_id(c: &mut Checker, id: &str) {
    if let Some(problem) = id_problem(id) {
        let o = c.loc.value("id", id, 0);
        c.at(o, format!("channel id {problem}"));
    }
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
            id,
            from,
            to,
            via,
            medium,
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
            let media = &file.rules.media;
            if !media.is_empty() && !media.contains(medium) {
                let o = c.loc.value("id", id, 0);
                c.at(o, format!("historical channel \"{id}\" is opened by {medium:?}, which is not among the scenario's media ({}); expected one of those", media_list(media)));
            }
            new_channel_id(c, id);
            channels.insert(id.clone());
        }
        ActionDef::MoveVenue { channel, via, id } => {
            need_channel(c, channel, channels);
            if !inters.contains_key(via) {
                c.unknown("via", "intermediary", via, inters);
            }
            new_channel_id(c, id);
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
        | ActionDef::Revive { channel }
        | ActionDef::Threaten { channel }
        | ActionDef::Confirm { channel } => need_channel(c, channel, channels),
        ActionDef::Deny
        | ActionDef::Escalate
        | ActionDef::DeEscalate
        | ActionDef::Sign
        | ActionDef::Wait => {}
    }
}

/// What probably is a mistake in a file that loads: each warning placed like an
/// error. Call only on a file that validated.
pub fn lint(file: &ScenarioFile, text: &str) -> Vec<Diagnostic> {
    let mut c = Checker {
        loc: Locator::new(text),
        errors: Vec::new(),
        unreported: 0,
        used: Vec::new(),
    };
    for p in &file.parties {
        let total: f64 = p.weights.values().sum();
        if (total - 1.0).abs() > 0.01 {
            let o = c.loc.field(&p.id, "weights");
            c.at(
                o,
                format!(
                    "the weights of party \"{}\" sum to {total:.2}; each is divided by the sum, so they count as {} (write them to sum to 1 to say what you mean)",
                    p.id,
                    p.weights
                        .iter()
                        .map(|(k, w)| format!("{k} {:.2}", w / total))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    for i in &file.issues {
        if file
            .parties
            .iter()
            .all(|p| p.weights.get(&i.id).copied().unwrap_or(0.0) <= 0.0)
        {
            let o = c.loc.entry(&i.id);
            c.at(
                o,
                format!(
                    "no party gives issue \"{}\" any weight, so no side cares how it is settled",
                    i.id
                ),
            );
        }
        // An option every party and every stakeholder likes less than (or as much as)
        // another is never worth offering: nobody would choose it or campaign for it.
        let value = |o: &OptionDef| -> Vec<f64> {
            let mut v: Vec<f64> = file
                .parties
                .iter()
                .map(|p| o.utility.get(&p.id).copied().unwrap_or(0.0))
                .collect();
            v.extend(file.stakeholders.iter().map(|h| {
                o.stance
                    .get(&h.id)
                    .copied()
                    .unwrap_or_else(|| o.utility.get(&h.party).copied().unwrap_or(0.0))
            }));
            v
        };
        for (a, opt) in i.options.iter().enumerate() {
            let mine = value(opt);
            let dominated_by = i.options.iter().enumerate().find(|(b, other)| {
                let theirs = value(other);
                *b != a
                    && theirs.iter().zip(&mine).all(|(t, m)| t >= m)
                    && theirs.iter().zip(&mine).any(|(t, m)| t > m)
            });
            if let Some((_, other)) = dominated_by {
                let o = c
                    .loc
                    .value("id", &opt.id, c.loc.find(&c.loc.entry(&i.id)).unwrap_or(0));
                c.at(o, format!("option \"{}\" of issue \"{}\" is worse than \"{}\" for every party and every stakeholder, so nobody would choose it", opt.id, i.id, other.id));
            }
        }
    }
    for h in &file.stakeholders {
        if h.influence <= 0.0 {
            let o = c.loc.field(&h.id, "influence");
            c.at(
                o,
                format!(
                    "stakeholder \"{}\" has no influence, so its vote never counts in ratification",
                    h.id
                ),
            );
        }
    }
    for ch in &file.channels {
        if ch.kind == ChannelKind::Official && ch.via.is_some() {
            let o = c.loc.field(&ch.id, "via");
            c.at(o, format!("channel \"{}\" is Official but names an intermediary; official talks have no go-between (use BackMediated, or drop `via`)", ch.id));
        }
    }
    let cap = file.rules.escalation.levels.len().saturating_sub(3);
    for ev in &file.events {
        for e in &ev.effects {
            if let EffectDef::Escalate(n) = e
                && *n as i64 + i64::from(file.rules.escalation.start) > cap as i64
            {
                let o = c.loc.key("Escalate");
                c.at(o, format!("Escalate({n}) on turn {}: events never raise the ladder above rung {cap} (two below war), so part of it may be lost; only the parties' moves and drift reach the brink", ev.turn));
            }
        }
    }
    let allowed = &file.rules.allowed_actions;
    if !allowed.is_empty() {
        for needed in [ActionKind::Offer, ActionKind::Accept, ActionKind::Sign] {
            if !allowed.contains(&needed) {
                let o = c.loc.key("allowed_actions");
                c.at(
                    o,
                    format!(
                        "allowed_actions leaves out {}, so no deal can ever be made",
                        needed.name()
                    ),
                );
            }
        }
    }
    for p in &file.parties {
        if !file
            .negotiators
            .iter()
            .any(|n| n.party == p.id && n.authority == Authority::Commit)
        {
            let o = c.loc.entry(&p.id);
            c.at(o, format!("party \"{}\" has no negotiator with authority Commit, and signing needs one on each side: no deal can ever be signed", p.id));
        }
    }
    c.finish()
}

/// Byte offset of each step of the historical path (`historical.actions`), in order.
pub fn historical_offsets(text: &str) -> Vec<usize> {
    use super::scan::{Token, scan};
    let mut out = Vec::new();
    let mut depth = 0usize;
    // 0: looking for `historical`; 1: for `actions`; 2: for its list; 3: in the list.
    let mut stage = 0;
    let mut list_depth = 0;
    scan(text, |t| match t {
        Token::Ident(_, "historical") if stage == 0 && depth == 1 => stage = 1,
        Token::Ident(_, "actions") if stage == 1 => stage = 2,
        Token::Open(i) => {
            depth += 1;
            if stage == 2 {
                stage = 3;
                list_depth = depth;
            } else if stage == 3 && depth == list_depth + 1 {
                out.push(i);
            }
        }
        Token::Close(_) => {
            if stage == 3 && depth == list_depth {
                stage = 4;
            }
            depth = depth.saturating_sub(1);
        }
        _ => {}
    });
    out
}

/// What is wrong with an id, if anything: ids are lowercase snake_case so that they
/// read the same everywhere, cannot hide characters, and are safe in file names.
pub fn id_problem(id: &str) -> Option<String> {
    let n = id.chars().count();
    let form = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if n > MAX_ID {
        Some(format!(
            "{} is {n} characters long; at most {MAX_ID} are allowed",
            shown(id)
        ))
    } else if !form {
        Some(format!(
            "{} is not lowercase snake_case; expected a lowercase letter, then lowercase letters, digits and _ (like \"rfk_dobrynin\")",
            shown(id)
        ))
    } else {
        None
    }
}

/// Every name and label of a file, with what it is, for the length limit.
fn names(file: &ScenarioFile) -> Vec<(String, &String)> {
    let mut v: Vec<(String, &String)> = vec![
        ("the title".into(), &file.title),
        (
            "the calendar's turn_length".into(),
            &file.calendar.turn_length,
        ),
    ];
    v.extend(
        file.parties
            .iter()
            .map(|p| (format!("the name of party \"{}\"", p.id), &p.name)),
    );
    for n in &file.negotiators {
        v.push((format!("the name of negotiator \"{}\"", n.id), &n.name));
        v.push((format!("the role of negotiator \"{}\"", n.id), &n.role));
    }
    v.extend(
        file.intermediaries
            .iter()
            .map(|m| (format!("the name of intermediary \"{}\"", m.id), &m.name)),
    );
    v.extend(
        file.stakeholders
            .iter()
            .map(|h| (format!("the name of stakeholder \"{}\"", h.id), &h.name)),
    );
    for i in &file.issues {
        v.push((format!("the name of issue \"{}\"", i.id), &i.name));
        v.extend(
            i.options
                .iter()
                .map(|o| (format!("the label of option \"{}\"", o.id), &o.label)),
        );
    }
    v.extend(
        file.calendar
            .labels
            .iter()
            .map(|l| ("a calendar label".to_string(), l)),
    );
    v.extend(
        file.rules
            .escalation
            .levels
            .iter()
            .map(|l| ("an escalation rung".to_string(), l)),
    );
    v.push((
        "the failure outcome's name".to_string(),
        &file.rules.escalation.failure,
    ));
    if let Some(md) = &file.mediator {
        v.push(("the mediator's name".into(), &md.name));
    }
    for src in &file.sources {
        v.push(("a source's author".into(), &src.author));
        v.push(("a source's title".into(), &src.title));
    }
    v
}

/// The media of a scenario's era, as written in files.
fn media_list(media: &[Medium]) -> String {
    media
        .iter()
        .map(|m| format!("{m:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lists inside entries, with the key they are written under and their limit.
fn nested_lists(file: &ScenarioFile) -> Vec<(&'static str, usize, usize)> {
    let mut v = vec![
        ("issues", file.issues.len(), MAX_ISSUES),
        ("stakeholders", file.stakeholders.len(), MAX_STAKEHOLDERS),
        ("teaching_goals", file.teaching_goals.len(), MAX_LIST),
        ("debrief", file.debrief.len(), MAX_LIST),
        (
            "allowed_actions",
            file.rules.allowed_actions.len(),
            MAX_LIST,
        ),
    ];
    for p in &file.parties {
        v.push(("weights", p.weights.len(), MAX_LIST));
        v.push(("position", p.position.len(), MAX_LIST));
        v.push(("types", p.types.len(), MAX_OPTIONS));
        v.push(("preconditions", p.preconditions.len(), MAX_LIST));
        v.push(("red_lines", p.red_lines.len(), MAX_LIST));
    }
    for h in &file.stakeholders {
        v.push(("acts", h.acts.len(), MAX_LIST));
        v.push(("red_lines", h.red_lines.len(), MAX_LIST));
        v.push(("weights", h.weights.len(), MAX_LIST));
    }
    for i in &file.issues {
        for o in &i.options {
            v.push(("utility", o.utility.len(), MAX_LIST));
            v.push(("stance", o.stance.len(), MAX_LIST));
        }
    }
    v.extend(
        file.events
            .iter()
            .map(|e| ("effects", e.effects.len(), MAX_EFFECTS)),
    );
    if let Some(h) = &file.historical {
        for a in &h.actions {
            if let ActionDef::Offer { clauses, .. } = &a.action {
                v.push(("clauses", clauses.len(), MAX_ISSUES));
            }
        }
    }
    v
}

/// Red lines as (issue, option) indices (their references are already checked).
fn red_lines(file: &ScenarioFile, lines: &[RedLineDef]) -> Vec<(usize, usize)> {
    lines
        .iter()
        .filter_map(|r| {
            let i = file.issues.iter().position(|x| x.id == r.issue)?;
            let o = file.issues[i]
                .options
                .iter()
                .position(|x| x.id == r.option)?;
            Some((i, o))
        })
        .collect()
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
                red_lines: red_lines(file, &p.red_lines),
            }
        })
        .collect();
    let mut scenario = Scenario {
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
                present: n.present,
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
                available_from: m.available_from,
                available_until: m.available_until,
            })
            .collect(),
        mediator: file.mediator.as_ref().map(|md| Mediator {
            id: md.id.clone(),
            name: md.name.clone(),
            description: md.description.clone(),
            host: file
                .intermediaries
                .iter()
                .position(|m| m.id == md.host)
                .unwrap_or(0),
            from_turn: md.from_turn,
            every: md.every.max(1),
            interests: file
                .issues
                .iter()
                .map(|i| {
                    i.options
                        .iter()
                        .map(|o| {
                            md.interests
                                .get(&i.id)
                                .and_then(|m| m.get(&o.id))
                                .copied()
                                .unwrap_or(0.5)
                        })
                        .collect()
                })
                .collect(),
            self_interest: md.self_interest,
            budget: md.budget,
            public_table: md.public_table,
        }),
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
                plural: s.plural,
                votes: s.votes,
                red_lines: red_lines(file, &s.red_lines),
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
                epilogue: e.epilogue,
                seen_by: e
                    .seen_by
                    .as_ref()
                    .and_then(|p| file.parties.iter().position(|x| &x.id == p)),
            })
            .collect(),
        historical: file.historical.as_ref().map(|h| Historical {
            outcome: h.outcome.clone(),
            actions: h.actions.clone(),
        }),
        debrief: file.debrief.clone(),
        source_hash: fnv1a(text.as_bytes()),
        stance_table: StanceTable::default(),
        mediator_package: std::sync::OnceLock::new(),
    };
    scenario.stance_table = StanceTable::build(&scenario);
    scenario
}
