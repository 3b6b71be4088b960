//! The checked scenario: every reference resolved to an index, every number in range.
//!
//! The simulation only ever sees this type; it is built by [`super::validate`].

use std::collections::BTreeMap;

use super::schema::{
    ActionKind, Authority, Awareness, ChannelKind, ConditionDef, Difficulty, EffectDef, Medium,
    RulesDef, ScriptedAction, SourceDef, SpoilerAct, TypeKind,
};

/// FNV-1a, 64 bit: a hash that is the same on every platform and Rust version, so
/// saves can name the exact scenario text they were played on.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A loaded, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub year: i32,
    pub summary: String,
    pub difficulty: Difficulty,
    pub teaching_goals: Vec<String>,
    pub sources: Vec<SourceDef>,
    pub turn_length: String,
    pub labels: Vec<String>,
    pub deadline: u32,
    pub epilogue_turns: u32,
    pub rules: RulesDef,
    pub parties: Vec<Party>,
    pub negotiators: Vec<Negotiator>,
    pub intermediaries: Vec<Intermediary>,
    pub mediator: Option<Mediator>,
    pub stakeholders: Vec<Stakeholder>,
    pub issues: Vec<Issue>,
    pub channels: Vec<StartChannel>,
    pub events: Vec<Event>,
    pub historical: Option<Historical>,
    pub debrief: Vec<String>,
    /// Hash of the file's text, so saves and reports can name the exact version.
    pub source_hash: u64,
    /// Every option's stance for every stakeholder in one flat table, for the hot loop
    /// of ratification (`stance_of`); built with the scenario.
    pub stance_table: StanceTable,
    /// The package a computer mediator puts to both sides, which depends on the
    /// scenario alone: searched for on first use and kept (see `ai::mediator`).
    pub mediator_package: std::sync::OnceLock<Option<Vec<usize>>>,
}

impl Scenario {
    /// `one` or `many`, as stakeholder `h`'s name takes a singular or plural verb.
    pub fn verb<'a>(&self, h: usize, one: &'a str, many: &'a str) -> &'a str {
        if self.stakeholders.get(h).is_some_and(|s| s.plural) {
            many
        } else {
            one
        }
    }

    /// Whether the scenario's era has this medium (`rules.media`; empty means all).
    pub fn has_medium(&self, m: Medium) -> bool {
        self.rules.media.is_empty() || self.rules.media.contains(&m)
    }

    /// The media of the scenario's era, in the order of [`Medium::ALL`].
    pub fn media(&self) -> Vec<Medium> {
        Medium::ALL
            .into_iter()
            .filter(|m| self.has_medium(*m))
            .collect()
    }

    /// What the last rung is called as an outcome: the scenario's `failure` name, or
    /// the last rung itself ("Nuclear war", "Collapse of the process").
    pub fn failure_name(&self) -> &str {
        let e = &self.rules.escalation;
        if e.failure.trim().is_empty() {
            e.levels.last().map(String::as_str).unwrap_or("War")
        } else {
            e.failure.trim()
        }
    }
}

/// Stances laid out flat: (first option of issue i + option) × stakeholders + holder,
/// with what follows from them and never changes in a game, worked out once at load
/// (the computer weighs every package against them before each offer).
#[derive(Debug, Clone, Default)]
pub struct StanceTable {
    first_option: Vec<usize>,
    options: usize,
    holders: usize,
    values: Vec<f64>,
    /// Per option and holder (laid out as `values`): the option seen by that group.
    seen: Vec<Seen>,
    /// Per party, then option: its groups' influence-weighted stance (None: no groups).
    home: Vec<Vec<Option<f64>>>,
    /// Per party, then option: its groups would balk at the option (stance below 0.4)
    /// and the issue is sensitive enough to matter (0.3 or more).
    dislikes: Vec<Vec<bool>>,
    /// Per party, then option: the option is worth less to the party than the best
    /// option of its issue.
    below_best: Vec<Vec<bool>>,
    /// Per party, then option: what the option adds to the party's package utility.
    utility: Vec<Vec<f64>>,
    /// Per party, then option: whether the option is one of the party's red lines.
    red: Vec<Vec<bool>>,
    /// Per party, every package's utility and whether it crosses a red line, when there
    /// are at most [`StanceTable::PACKAGES`] packages.
    packages: Option<PackageTable>,
    /// Every group's stance on every package, for each set of secret options met so far
    /// (worked out on first use: see [`StanceTable::package_stances`]).
    by_secrecy: SecrecyCache,
    /// Which table this is: a number of its own from [`StanceTable::build`], kept by its
    /// copies (which hold the same figures); 0 for an empty table. See [`KeptStances`].
    id: u64,
}

/// A group's stance on a package's visible clauses, and whether they cross its red lines.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stance {
    pub value: f64,
    pub red: bool,
}

/// Every group's stance on every package when the options marked `true` are secret.
type StancesBySecrecy = (Vec<bool>, std::sync::Arc<[Stance]>);

/// The package stances a caller has had from a [`StanceTable`], kept on its side
/// ([`StanceTable::package_stances_kept`]) so that asking again for the same secrets
/// takes neither the table's lock nor a copy of its shared list (the computer asks
/// before every offer, and those are atomic operations a batch of games pays for).
#[derive(Debug, Default)]
pub struct KeptStances {
    /// The table they came from ([`StanceTable::id`]).
    table: u64,
    by_secrecy: Vec<StancesBySecrecy>,
}

/// Package stances by set of secret options (a new table starts empty: a cache).
#[derive(Debug, Default)]
struct SecrecyCache(std::sync::Mutex<Vec<StancesBySecrecy>>);

impl Clone for SecrecyCache {
    fn clone(&self) -> Self {
        SecrecyCache::default()
    }
}

/// Per party and package (by index): its utility and whether it crosses a red line.
#[derive(Debug, Clone, Default)]
struct PackageTable {
    utility: Vec<Vec<f64>>,
    red: Vec<Vec<bool>>,
    /// Per party, the packages that cross neither its red lines nor the other side's,
    /// best for it first (equals in index order).
    ranked: Vec<Vec<usize>>,
    /// Every package's options, issue by issue, in index order (`issues` to a package):
    /// an index is turned back into a package by reading, not by dividing.
    options: Vec<u16>,
    issues: usize,
}

/// One option as one group sees it when the clause is public: its stance weighted by
/// the group's weight on the issue, that weight, and whether it crosses a red line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Seen {
    pub num: f64,
    pub den: f64,
    pub red: bool,
}

impl StanceTable {
    /// The table of a scenario whose issues, parties and stakeholders are set.
    pub fn build(scen: &Scenario) -> Self {
        let issues = &scen.issues;
        let holders = scen.stakeholders.len();
        let mut first_option = Vec::with_capacity(issues.len());
        let mut options = 0;
        let mut values = Vec::new();
        let mut seen = Vec::new();
        for (i, issue) in issues.iter().enumerate() {
            first_option.push(options);
            options += issue.options.len();
            for (o, opt) in issue.options.iter().enumerate() {
                for (h, holder) in scen.stakeholders.iter().enumerate() {
                    let stance = opt.stance.get(h).copied().unwrap_or(0.0);
                    let weight = holder.weights.get(i).copied().unwrap_or(0.0);
                    values.push(stance);
                    // The product `visible_stance` adds up, computed the same way.
                    seen.push(Seen {
                        num: weight * stance,
                        den: weight,
                        red: holder.red_lines.contains(&(i, o)),
                    });
                }
            }
        }
        let home: Vec<Vec<Option<f64>>> = (0..scen.parties.len())
            .map(|p| {
                issues
                    .iter()
                    .flat_map(|issue| issue.options.iter())
                    .map(|opt| {
                        let (mut num, mut den) = (0.0, 0.0);
                        for (s, h) in scen.stakeholders.iter().enumerate() {
                            if h.party == p {
                                num += h.influence * opt.stance.get(s).copied().unwrap_or(0.0);
                                den += h.influence;
                            }
                        }
                        (den > 0.0).then(|| num / den)
                    })
                    .collect()
            })
            .collect();
        let dislikes = home
            .iter()
            .map(|stances| {
                issues
                    .iter()
                    .flat_map(|issue| issue.options.iter().map(move |_| issue.sensitivity))
                    .zip(stances)
                    .map(|(sensitivity, s)| s.is_some_and(|s| s < 0.4) && sensitivity >= 0.3)
                    .collect()
            })
            .collect();
        let below_best = (0..scen.parties.len())
            .map(|p| {
                issues
                    .iter()
                    .flat_map(|issue| {
                        let value = move |o: &IssueOption| o.utility.get(p).copied().unwrap_or(0.0);
                        let top = issue.options.iter().map(value).fold(0.0, f64::max);
                        issue.options.iter().map(move |o| value(o) < top)
                    })
                    .collect()
            })
            .collect();
        let utility = (0..scen.parties.len())
            .map(|p| {
                let weights = &scen.parties[p].weights;
                issues
                    .iter()
                    .enumerate()
                    .flat_map(|(i, issue)| {
                        issue.options.iter().map(move |o| {
                            weights.get(i).copied().unwrap_or(0.0)
                                * o.utility.get(p).copied().unwrap_or(0.0)
                        })
                    })
                    .collect()
            })
            .collect();
        let red = scen
            .parties
            .iter()
            .map(|party| {
                let mut red = vec![false; options];
                for &(i, o) in &party.red_lines {
                    if i < issues.len() && o < issues[i].options.len() {
                        red[first_option[i] + o] = true;
                    }
                }
                red
            })
            .collect();
        let mut count: Option<usize> = Some(1);
        for issue in issues {
            count = count
                .and_then(|n| n.checked_mul(issue.options.len()))
                .filter(|&n| n <= Self::PACKAGES);
        }
        let mut table = StanceTable {
            first_option,
            options,
            holders,
            values,
            seen,
            home,
            dislikes,
            below_best,
            utility,
            red,
            packages: None,
            by_secrecy: SecrecyCache::default(),
            id: {
                static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        if let Some(n) = count.filter(|_| issues.iter().all(|i| !i.options.is_empty())) {
            let parties = scen.parties.len();
            let mut t = PackageTable {
                utility: vec![Vec::with_capacity(n); parties],
                red: vec![Vec::with_capacity(n); parties],
                ..PackageTable::default()
            };
            // Packages in index order: the first issue's option turns fastest.
            let mut pkg = vec![0usize; issues.len()];
            t.issues = issues.len();
            t.options.reserve(n * issues.len());
            for _ in 0..n {
                for p in 0..parties {
                    t.utility[p].push(table.sum(&table.utility[p], &pkg));
                    t.red[p].push(table.crosses(p, &pkg));
                }
                // At most `PACKAGES` packages, so no issue has more options than a u16
                // holds.
                t.options.extend(pkg.iter().map(|&o| o as u16));
                for (i, issue) in issues.iter().enumerate() {
                    pkg[i] += 1;
                    if pkg[i] < issue.options.len() {
                        break;
                    }
                    pkg[i] = 0;
                }
            }
            t.ranked = (0..parties)
                .map(|p| {
                    let other = scen.other_party(p);
                    let mut ranked: Vec<usize> = (0..n)
                        .filter(|&i| !t.red[p][i] && !t.red[other][i])
                        .collect();
                    ranked.sort_by(|&a, &b| {
                        t.utility[p][b].total_cmp(&t.utility[p][a]).then(a.cmp(&b))
                    });
                    ranked
                })
                .collect();
            table.packages = Some(t);
        }
        table
    }

    /// Whether `party`'s groups would balk at an option that is sensitive enough to
    /// matter (what the computer keeps secret where it can).
    #[inline]
    pub fn home_dislikes(&self, party: usize, issue: usize, option: usize) -> bool {
        self.dislikes[party][self.flat(issue, option)]
    }

    /// Whether an option is worth less to `party` than the best option of its issue.
    #[inline]
    pub fn below_best(&self, party: usize, issue: usize, option: usize) -> bool {
        self.below_best[party][self.flat(issue, option)]
    }

    /// Most packages whose utilities and red lines are worked out at load.
    pub const PACKAGES: usize = 4096;

    /// `party`'s utility for a package (as [`Scenario::package_utility`] adds it up).
    /// `index` is the package's place when packages are counted with the first issue's
    /// option turning fastest; given it, a small scenario's table answers at once.
    #[inline(always)]
    pub fn package_utility(&self, party: usize, package: &[usize], index: Option<usize>) -> f64 {
        match (&self.packages, index) {
            (Some(t), Some(i)) => t.utility[party][i],
            _ => self.sum_utility(party, package),
        }
    }

    #[inline(never)]
    fn sum_utility(&self, party: usize, package: &[usize]) -> f64 {
        self.sum(&self.utility[party], package)
    }

    /// Every package that crosses neither `party`'s red lines nor the other side's, by
    /// index, best for `party` first (equals in index order); None when there are more
    /// than [`StanceTable::PACKAGES`] packages.
    pub fn ranked(&self, party: usize) -> Option<&[usize]> {
        self.packages.as_ref().map(|t| &t.ranked[party][..])
    }

    /// Write the package with index `index` into `out` (one option per issue).
    pub fn package_at(&self, index: usize, out: &mut Vec<usize>) {
        out.clear();
        if let Some(t) = &self.packages {
            let at = index * t.issues;
            out.extend(t.options[at..at + t.issues].iter().map(|&o| usize::from(o)));
        }
    }

    /// Whether a package crosses one of `party`'s red lines (`index` as for
    /// [`StanceTable::package_utility`]).
    #[inline(always)]
    pub fn crosses_red_line(&self, party: usize, package: &[usize], index: Option<usize>) -> bool {
        match (&self.packages, index) {
            (Some(t), Some(i)) => t.red[party][i],
            _ => self.crosses(party, package),
        }
    }

    #[inline(never)]
    fn crosses(&self, party: usize, package: &[usize]) -> bool {
        package
            .iter()
            .enumerate()
            .any(|(i, &o)| self.red[party][self.flat(i, o)])
    }

    /// Every group's stance on every package (`[package × groups + group]`, packages by
    /// index) when the options marked in `secret` (laid out flat) are kept secret: the
    /// figures `visible_stance` gives, summed in the same order. None when there are more
    /// than [`StanceTable::PACKAGES`] packages. Worked out once per set of secrets and
    /// kept (a scenario meets a handful).
    pub fn package_stances(&self, secret: &[bool]) -> Option<std::sync::Arc<[Stance]>> {
        let t = self.packages.as_ref()?;
        let mut cache = self
            .by_secrecy
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, stances)) = cache.iter().find(|(s, _)| s == secret) {
            return Some(stances.clone());
        }
        let count = t.utility.first().map_or(0, Vec::len);
        let mut stances = Vec::with_capacity(count * self.holders);
        let mut pkg = Vec::with_capacity(t.issues);
        let mut visible = Vec::with_capacity(t.issues);
        for index in 0..count {
            self.package_at(index, &mut pkg);
            self.visible_into(&pkg, secret, &mut visible);
            stances.extend((0..self.holders).map(|h| self.stance_of(h, &visible)));
        }
        let stances: std::sync::Arc<[Stance]> = stances.into();
        cache.push((secret.to_vec(), stances.clone()));
        Some(stances)
    }

    /// [`StanceTable::package_stances`] through stances the caller keeps (`kept`): the
    /// table is asked only for a set of secrets the caller has not met with it.
    pub fn package_stances_kept<'k>(
        &self,
        secret: &[bool],
        kept: &'k mut KeptStances,
    ) -> Option<&'k [Stance]> {
        self.packages.as_ref()?;
        if kept.table != self.id {
            kept.table = self.id;
            kept.by_secrecy.clear();
        }
        let i = match kept.by_secrecy.iter().position(|(s, _)| s == secret) {
            Some(i) => i,
            None => {
                let stances = self.package_stances(secret)?;
                kept.by_secrecy.push((secret.to_vec(), stances));
                kept.by_secrecy.len() - 1
            }
        };
        Some(&kept.by_secrecy[i].1)
    }

    /// How many groups the table has.
    pub fn holders(&self) -> usize {
        self.holders
    }

    /// Group `holder`'s stance on a package whose public clauses are the options at flat
    /// positions `visible`, in issue order: `visible_stance`'s figure (the same products
    /// summed in the same order), and whether they cross one of its red lines.
    #[inline]
    pub fn stance_of(&self, holder: usize, visible: &[usize]) -> Stance {
        let (mut num, mut den, mut red) = (0.0, 0.0, false);
        for &f in visible {
            let seen = self.seen[f * self.holders + holder];
            num += seen.num;
            den += seen.den;
            red |= seen.red;
        }
        Stance {
            value: if den > 0.0 { num / den } else { 0.5 },
            red,
        }
    }

    /// The sum of a flat table's cells for `package`'s options, in issue order.
    #[inline]
    pub fn sum(&self, cells: &[f64], package: &[usize]) -> f64 {
        package
            .iter()
            .enumerate()
            .map(|(i, &o)| cells[self.flat(i, o)])
            .sum()
    }

    /// Influence-weighted stance of `party`'s groups on an option (None if it has none).
    #[inline]
    pub fn home_stance(&self, party: usize, issue: usize, option: usize) -> Option<f64> {
        self.home[party][self.flat(issue, option)]
    }

    /// Stakeholder `holder`'s stance on option `option` of issue `issue`.
    #[inline]
    pub fn get(&self, issue: usize, option: usize, holder: usize) -> f64 {
        self.values[self.flat(issue, option) * self.holders + holder]
    }

    /// Where option `option` of issue `issue` falls when every issue's options are laid
    /// end to end (for tables indexed by option across issues).
    #[inline]
    pub fn flat(&self, issue: usize, option: usize) -> usize {
        self.first_option[issue] + option
    }

    /// Write into `out` the flat positions of `package`'s options (one per issue) that
    /// are not marked in `secret`: the clauses each group sees, as
    /// [`StanceTable::stance_of`] takes them.
    pub fn visible_into(&self, package: &[usize], secret: &[bool], out: &mut Vec<usize>) {
        out.clear();
        out.extend(
            package
                .iter()
                .enumerate()
                .map(|(i, &o)| self.flat(i, o))
                .filter(|&f| !secret[f]),
        );
    }

    /// How many options all the issues have between them.
    pub fn options(&self) -> usize {
        self.options
    }
}

/// A party as the rules need it.
#[derive(Debug, Clone)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub playable: bool,
    /// Normalised issue weights, indexed by issue.
    pub weights: Vec<f64>,
    pub reservation: f64,
    pub resolve: f64,
    pub credibility: f64,
    pub domestic_support: f64,
    /// Public position per issue (option index), if the party has stated one.
    pub position: Vec<Option<usize>>,
    pub types: Vec<(TypeKind, f64, f64)>,
    pub preconditions: Vec<String>,
    pub briefing: String,
    /// (issue, option) pairs this party will never offer or accept.
    pub red_lines: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Negotiator {
    pub id: String,
    pub name: String,
    pub party: usize,
    pub role: String,
    pub authority: Authority,
    pub discretion: f64,
    /// At the table when the game starts.
    pub present: bool,
}

#[derive(Debug, Clone)]
pub struct Intermediary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub neutrality: f64,
    pub discretion: f64,
    pub capacity: u32,
    /// Turns it can carry or host talks: from, and until if it withdraws.
    pub available_from: u32,
    pub available_until: Option<u32>,
}

impl Intermediary {
    /// Whether it can carry or host talks on `turn`.
    pub fn available(&self, turn: u32) -> bool {
        turn >= self.available_from && self.available_until.is_none_or(|u| turn <= u)
    }
}

/// The mediator as the rules need it.
#[derive(Debug, Clone)]
pub struct Mediator {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The intermediary it hosts through.
    pub host: usize,
    pub from_turn: u32,
    pub every: u32,
    /// Its value of each option, by issue.
    pub interests: Vec<Vec<f64>>,
    pub self_interest: f64,
    pub budget: f64,
    /// Proposes at the official table rather than on its own quiet channel.
    pub public_table: bool,
}

impl Mediator {
    /// Its own value of a package (mean over issues).
    pub fn interest(&self, pkg: &[usize]) -> f64 {
        if pkg.is_empty() {
            return 0.5;
        }
        pkg.iter()
            .enumerate()
            .map(|(i, &o)| {
                self.interests
                    .get(i)
                    .and_then(|v| v.get(o))
                    .copied()
                    .unwrap_or(0.5)
            })
            .sum::<f64>()
            / pkg.len() as f64
    }
}

#[derive(Debug, Clone)]
pub struct Stakeholder {
    pub id: String,
    pub name: String,
    pub party: usize,
    pub influence: f64,
    pub reservation: f64,
    pub awareness: Awareness,
    pub anger: f64,
    pub spoiler_capacity: f64,
    pub acts: Vec<SpoilerAct>,
    pub discretion: f64,
    /// Normalised issue weights of this group (its party's unless the file says otherwise).
    pub weights: Vec<f64>,
    pub wants: String,
    /// The name takes a plural verb.
    pub plural: bool,
    /// Votes in its side's ratification (an outside actor does not).
    pub votes: bool,
    /// (issue, option) pairs this group votes against whenever it sees them.
    pub red_lines: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub id: String,
    pub name: String,
    pub sensitivity: f64,
    pub options: Vec<IssueOption>,
}

#[derive(Debug, Clone)]
pub struct IssueOption {
    pub id: String,
    pub label: String,
    /// Utility per party index.
    pub utility: Vec<f64>,
    /// Stance per stakeholder index.
    pub stance: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct StartChannel {
    pub id: String,
    pub kind: ChannelKind,
    pub medium: Medium,
    pub ends: [usize; 2],
    pub via: Option<usize>,
    pub staff: u32,
    pub trust: f64,
    pub dormant: bool,
}

#[derive(Debug, Clone)]
pub struct Event {
    /// The turn it fires on, or for an epilogue event the epilogue round.
    pub turn: u32,
    pub text: String,
    pub when: Option<ConditionDef>,
    pub effects: Vec<EffectDef>,
    /// Fires in the implementation epilogue after a ratified deal.
    pub epilogue: bool,
    /// The only party told of it (its effects apply whoever reads it).
    pub seen_by: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Historical {
    pub outcome: String,
    pub actions: Vec<ScriptedAction>,
}

impl Scenario {
    /// The calendar label of a turn.
    pub fn label(&self, turn: u32) -> String {
        self.labels
            .get(turn.saturating_sub(1) as usize)
            .cloned()
            .unwrap_or_else(|| format!("turn {turn}"))
    }

    pub fn party_index(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    pub fn negotiator_index(&self, id: &str) -> Option<usize> {
        self.negotiators.iter().position(|n| n.id == id)
    }

    pub fn intermediary_index(&self, id: &str) -> Option<usize> {
        self.intermediaries.iter().position(|n| n.id == id)
    }

    pub fn stakeholder_index(&self, id: &str) -> Option<usize> {
        self.stakeholders.iter().position(|n| n.id == id)
    }

    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|n| n.id == id)
    }

    /// Option index of `option` in issue `issue`.
    pub fn option_index(&self, issue: usize, option: &str) -> Option<usize> {
        self.issues[issue]
            .options
            .iter()
            .position(|o| o.id == option)
    }

    /// The first option of `package` (issue, option) that crosses `party`'s red lines.
    pub fn red_line_in(&self, party: usize, package: &[usize]) -> Option<(usize, usize)> {
        self.parties[party]
            .red_lines
            .iter()
            .copied()
            .find(|&(i, o)| package.get(i) == Some(&o))
    }

    /// Whether the scenario allows an action kind.
    pub fn allows(&self, kind: ActionKind) -> bool {
        self.rules.allowed_actions.is_empty() || self.rules.allowed_actions.contains(&kind)
    }

    /// The other party of a two-party scenario (the first party that is not `party`).
    pub fn other_party(&self, party: usize) -> usize {
        (0..self.parties.len())
            .find(|&p| p != party)
            .unwrap_or(party)
    }

    /// Utility to `party` of a full package (one option per issue).
    pub fn package_utility(&self, party: usize, package: &[usize]) -> f64 {
        let weights = &self.parties[party].weights;
        package
            .iter()
            .enumerate()
            .map(|(i, &o)| weights[i] * self.issues[i].options[o].utility[party])
            .sum()
    }

    /// Negotiators per party, for quick lookups.
    pub fn negotiators_of(&self, party: usize) -> impl Iterator<Item = usize> + '_ {
        self.negotiators
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.party == party)
            .map(|(i, _)| i)
    }

    /// The most discreet negotiator of `party` with at least `min` authority (the last
    /// of equals, in scenario order).
    pub fn most_discreet(&self, party: usize, min: Authority) -> Option<usize> {
        self.most_discreet_of(party, min, &[])
    }

    /// The same among those `present` says are at the table (an empty slice: all).
    pub fn most_discreet_of(
        &self,
        party: usize,
        min: Authority,
        present: &[bool],
    ) -> Option<usize> {
        self.negotiators_of(party)
            .filter(|&n| present.get(n).copied().unwrap_or(true))
            .filter(|&n| self.negotiators[n].authority >= min)
            .max_by(|&a, &b| {
                self.negotiators[a]
                    .discretion
                    .total_cmp(&self.negotiators[b].discretion)
            })
    }

    /// Map of every id to its kind, for scripts and the terminal.
    pub fn id_kinds(&self) -> BTreeMap<&str, &'static str> {
        let mut m = BTreeMap::new();
        for p in &self.parties {
            m.insert(p.id.as_str(), "party");
        }
        for n in &self.negotiators {
            m.insert(n.id.as_str(), "negotiator");
        }
        for n in &self.intermediaries {
            m.insert(n.id.as_str(), "intermediary");
        }
        for n in &self.stakeholders {
            m.insert(n.id.as_str(), "stakeholder");
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kept stances answer as the table itself does: for each set of secrets, and for
    /// another table with secrets of the same length (a table built again after its
    /// groups changed their minds), never with the first table's figures.
    #[test]
    fn kept_stances_answer_as_their_table_does() {
        let cuba = crate::bundled::resolve("cuba_1962").expect("bundled");
        let mut changed = (*cuba).clone();
        for issue in &mut changed.issues {
            for option in &mut issue.options {
                for stance in &mut option.stance {
                    *stance = 1.0 - *stance;
                }
            }
        }
        changed.stance_table = StanceTable::build(&changed);
        let options = cuba.stance_table.options;
        let mut secret = vec![false; options];
        let mut kept = KeptStances::default();
        for table in [
            &cuba.stance_table,
            &changed.stance_table,
            &cuba.stance_table,
        ] {
            for o in [None, Some(0), Some(options - 1)] {
                secret.fill(false);
                if let Some(o) = o {
                    secret[o] = true;
                }
                let own = table.package_stances(&secret).expect("a small scenario");
                let through = table
                    .package_stances_kept(&secret, &mut kept)
                    .expect("a small scenario");
                assert_eq!(through, &own[..]);
            }
        }
        // The two tables differ where it matters, or the test would prove nothing.
        let none = vec![false; options];
        assert_ne!(
            cuba.stance_table.package_stances(&none),
            changed.stance_table.package_stances(&none)
        );
    }
}
