//! Class codes: one short code that fixes a game for a whole class.
//!
//! `CUBA1962-BC9Y5T-HA` names the scenario (its id in capitals without `_`), the seed
//! (its six-character seed code, see [`crate::seed`]) and who plays each party, in
//! scenario order: `H` a person, or a letter for a computer policy (`A` the adaptive
//! computer, `P` passive, …). A scenario with a mediator may add one more letter for
//! the mediator's seat: `H` when a person plays it (`OSLO1993-BC9Y5T-AAH`); without it
//! the computer mediates. Every table that enters the same code faces the same
//! game: same scenario, same draws, same kind of counterpart.

use std::sync::Arc;

use crate::ai::Policy;
use crate::game::Controller;
use crate::scenario::Scenario;

/// The letter of each controller in a code, and what it means.
const LETTERS: [(char, Controller); 9] = [
    ('H', Controller::Human),
    ('A', Controller::Ai(Policy::Adaptive)),
    ('S', Controller::Ai(Policy::Secret)),
    ('F', Controller::Ai(Policy::Official)),
    ('P', Controller::Ai(Policy::Passive)),
    ('R', Controller::Ai(Policy::Random)),
    ('E', Controller::Ai(Policy::Escalate)),
    ('U', Controller::Ai(Policy::Rush)),
    ('T', Controller::Ai(Policy::Stall)),
];

/// Longest code accepted (a 48-character id, a seed code and the controllers).
pub const MAX_CODE_LEN: usize = 72;

/// A game fixed for a class: scenario, seed and who plays each party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCode {
    /// The scenario's id.
    pub scenario: String,
    pub seed: u64,
    /// Who plays each party, in scenario order (never [`Controller::Script`]).
    pub controllers: Vec<Controller>,
    /// A person sits in the mediator's seat (the code's last letter is its `H`).
    pub mediator: bool,
}

/// A code as typed, before its scenario is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The scenario part, in capitals (`CUBA1962`).
    pub tag: String,
    pub seed: u64,
    pub controllers: Vec<Controller>,
}

/// The scenario part of a code: the id in capitals without underscores.
pub fn tag(scenario_id: &str) -> String {
    scenario_id
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn letter(c: Controller) -> Option<char> {
    LETTERS.iter().find(|(_, k)| *k == c).map(|(l, _)| *l)
}

/// What a controller letter means, for messages and the setup screen.
pub fn controller_name(c: Controller) -> String {
    match c {
        Controller::Human => "a person".into(),
        Controller::Ai(Policy::Adaptive) => "the computer".into(),
        Controller::Ai(p) => format!("the computer ({p})"),
        Controller::Script => "a script".into(),
    }
}

impl ClassCode {
    /// A code for this game, if it can have one: seeds below 31⁶ (every seed the
    /// desktop draws and every seed code) and no scripted side.
    pub fn new(scenario: &Scenario, seed: u64, controllers: &[Controller]) -> Result<Self, String> {
        if seed >= 31u64.pow(crate::seed::CODE_LEN as u32) {
            return Err(format!(
                "seed {seed} has no short code; class codes take seeds below {}",
                31u64.pow(crate::seed::CODE_LEN as u32)
            ));
        }
        let n = scenario.parties.len();
        let mediator = match controllers.get(n) {
            None => false,
            Some(_) if scenario.mediator.is_none() => {
                return Err(format!(
                    "{} controller(s) for a scenario of {n} parties",
                    controllers.len()
                ));
            }
            Some(Controller::Human) => true,
            Some(Controller::Ai(Policy::Adaptive)) => false,
            Some(_) => return Err("the mediator's seat takes a person or the computer".into()),
        };
        if controllers.len() < n || controllers.len() > n + 1 {
            return Err(format!(
                "{} controller(s) for a scenario of {n} parties",
                controllers.len()
            ));
        }
        if controllers.iter().any(|c| letter(*c).is_none()) {
            return Err("a scripted side cannot be given as a class code".into());
        }
        Ok(Self {
            scenario: scenario.id.clone(),
            seed,
            controllers: controllers[..n].to_vec(),
            mediator,
        })
    }

    /// The parties played by people, in scenario order.
    pub fn humans(&self) -> Vec<usize> {
        crate::game::humans(&self.controllers)
    }

    /// Who plays each party, then the mediator when a person sits there: what
    /// [`crate::Game::new`] takes.
    pub fn seats(&self) -> Vec<Controller> {
        let mut all = self.controllers.clone();
        if self.mediator {
            all.push(Controller::Human);
        }
        all
    }

    /// Whether typed text is this code, read as [`parse`] reads it (any case, spaces
    /// ignored).
    pub fn matches(&self, text: &str) -> bool {
        parse(text).is_ok_and(|p| {
            p.tag == tag(&self.scenario) && p.seed == self.seed && p.controllers == self.seats()
        })
    }

    /// Match a typed code against the scenarios one has (bundled and one's own).
    pub fn find<'a>(
        text: &str,
        scenarios: impl IntoIterator<Item = &'a Arc<Scenario>>,
    ) -> Result<(Self, Arc<Scenario>), String> {
        let parsed = parse(text)?;
        let mut known = Vec::new();
        let mut hit: Option<&Arc<Scenario>> = None;
        for s in scenarios {
            if tag(&s.id) == parsed.tag {
                if hit.is_some_and(|h| h.id != s.id) {
                    return Err(format!(
                        "the code's scenario part {} fits both \"{}\" and \"{}\"; rename one of them",
                        parsed.tag,
                        hit.map(|h| h.id.as_str()).unwrap_or_default(),
                        s.id
                    ));
                }
                hit.get_or_insert(s);
            }
            known.push(tag(&s.id));
        }
        let Some(scen) = hit else {
            return Err(format!(
                "no scenario here has the code {}; the codes here start with: {}",
                parsed.tag,
                known.join(", ")
            ));
        };
        let n = scen.parties.len();
        let got = parsed.controllers.len();
        if got != n && !(got == n + 1 && scen.mediator.is_some()) {
            return Err(format!(
                "the code gives {got} player letter(s) for {}, which has {n} parties{}",
                scen.id,
                if scen.mediator.is_some() {
                    " (and a mediator, whose letter may follow theirs: H for a person)"
                } else {
                    ""
                }
            ));
        }
        let mediator = match parsed.controllers.get(n) {
            None | Some(Controller::Ai(Policy::Adaptive)) => false,
            Some(Controller::Human) => true,
            Some(_) => {
                return Err(format!(
                    "the code's last letter is for the mediator's seat in {}: H (a person) or A (the computer)",
                    scen.id
                ));
            }
        };
        for (p, c) in parsed.controllers.iter().take(n).enumerate() {
            if *c == Controller::Human && !scen.parties[p].playable {
                return Err(format!(
                    "the code seats a person as {}, which is not playable in {}",
                    scen.parties[p].name, scen.id
                ));
            }
        }
        Ok((
            Self {
                scenario: scen.id.clone(),
                seed: parsed.seed,
                controllers: parsed.controllers[..n].to_vec(),
                mediator,
            },
            scen.clone(),
        ))
    }

    /// Who plays what, in words (`United States: a person; Soviet Union: the computer`).
    pub fn describe(&self, scen: &Scenario) -> String {
        let mut who: Vec<String> = self
            .controllers
            .iter()
            .enumerate()
            .map(|(p, c)| format!("{}: {}", scen.parties[p].name, controller_name(*c)))
            .collect();
        if let Some(m) = &scen.mediator {
            let by = if self.mediator {
                "a person"
            } else {
                "the computer"
            };
            who.push(format!("{} (mediator): {by}", m.name));
        }
        who.join("; ")
    }
}

impl std::fmt::Display for ClassCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let who: String = self
            .seats()
            .iter()
            .map(|c| letter(*c).unwrap_or('?'))
            .collect();
        write!(
            f,
            "{}-{}-{}",
            tag(&self.scenario),
            crate::seed::code(self.seed),
            who
        )
    }
}

/// Read a code (any case, spaces ignored) without looking up its scenario.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let shown = crate::scenario::diagnostics::shown(text.trim());
    if text.len() > MAX_CODE_LEN {
        return Err(format!(
            "a class code has at most {MAX_CODE_LEN} characters; this one has {}",
            text.len()
        ));
    }
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let parts: Vec<&str> = t.split('-').collect();
    let expected = "expected SCENARIO-SEEDCODE-PLAYERS, like CUBA1962-BC9Y5T-HA";
    if parts.len() < 3 {
        return Err(format!("{shown} is not a class code; {expected}"));
    }
    let tag = parts[0];
    if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "{shown}: the scenario part must be letters and digits; {expected}"
        ));
    }
    let who = parts[parts.len() - 1];
    let seed_text = parts[1..parts.len() - 1].join("-");
    let seed_text = if parts.len() > 3 {
        seed_text
    } else {
        // A single part of digits is still a code here (`999999` for `999-999`).
        format!("{}-", seed_text)
    };
    let seed = crate::seed::parse(&seed_text).map_err(|e| format!("{e} ({expected})"))?;
    if who.is_empty() {
        return Err(format!(
            "{shown}: the code ends without its player letters; {expected}"
        ));
    }
    let controllers = who
        .chars()
        .map(|ch| {
            LETTERS
                .iter()
                .find(|(l, _)| *l == ch)
                .map(|(_, c)| *c)
                .ok_or_else(|| {
                    format!(
                        "{shown}: `{ch}` is not a player letter; expected H (a person) or a computer: {}",
                        LETTERS[1..]
                            .iter()
                            .map(|(l, c)| format!("{l} {}", match c {
                                Controller::Ai(p) => p.name(),
                                _ => "",
                            }))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Parsed {
        tag: tag.to_string(),
        seed,
        controllers,
    })
}

/// Find a typed code among the bundled scenarios and one's own (see
/// [`crate::folders::Folders::user_scenarios`]).
pub fn resolve(text: &str) -> Result<(ClassCode, Arc<Scenario>), String> {
    let mut scens: Vec<Arc<Scenario>> = crate::bundled::all()
        .into_iter()
        .filter_map(Result::ok)
        .map(Arc::new)
        .collect();
    let (mine, _) = crate::folders::user_scenarios(&crate::folders::Folders::locate());
    scens.extend(mine.into_iter().map(|(s, _)| s));
    let (code, scen) = ClassCode::find(text, &scens)?;
    Ok((code, scen))
}

/// Whether typed text looks like a class code rather than a bare seed code.
pub fn looks_like_code(text: &str) -> bool {
    text.trim().matches('-').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;

    fn all() -> Vec<Arc<Scenario>> {
        bundled::all()
            .into_iter()
            .map(|s| Arc::new(s.unwrap()))
            .collect()
    }

    #[test]
    fn a_code_names_scenario_seed_and_players_and_reads_back() {
        let scens = all();
        let cuba = scens.iter().find(|s| s.id == "cuba_1962").unwrap();
        let seed = crate::seed::parse("BC9Y5T").unwrap();
        let code = ClassCode::new(
            cuba,
            seed,
            &[Controller::Human, Controller::Ai(Policy::Adaptive)],
        )
        .unwrap();
        assert_eq!(code.to_string(), "CUBA1962-BC9Y5T-HA");
        let (back, scen) = ClassCode::find("cuba1962-bc9y5t-ha", &scens).unwrap();
        assert_eq!(back, code);
        assert_eq!(scen.id, "cuba_1962");
        // Every letter reads back as itself, digits-only seed codes included.
        for (l, c) in LETTERS {
            let code = ClassCode::new(cuba, 999_999, &[c, Controller::Human]).unwrap();
            let text = code.to_string();
            assert!(text.ends_with(&format!("-{l}H")), "{text}");
            assert_eq!(ClassCode::find(&text, &scens).unwrap().0, code, "{text}");
        }
    }

    #[test]
    fn mistakes_in_a_code_say_what_was_expected() {
        let scens = all();
        let err = |t: &str| ClassCode::find(t, &scens).unwrap_err();
        assert!(err("BC9Y5T").contains("expected SCENARIO-SEEDCODE-PLAYERS"));
        assert!(err("MARS2030-BC9Y5T-HA").contains("CUBA1962"));
        assert!(err("CUBA1962-BC9Y5T-HX").contains("`X` is not a player letter"));
        assert!(err("TUTORIAL-BC9Y5T-HAA").contains("3 player letter(s)"));
        assert!(err("CUBA1962-BC9Y5T-HAAA").contains("whose letter may follow"));
        assert!(err("CUBA1962-BC9Y5T-HAP").contains("mediator's seat"));
        assert!(err("CUBA1962-BC0Y5T-HA").contains("no I, L, O, 0 or 1"));
        assert!(err(&"A-".repeat(50)).contains("at most 72"));
        // Seeds without a short code have no class code.
        let cuba = scens.iter().find(|s| s.id == "cuba_1962").unwrap();
        assert!(ClassCode::new(cuba, u64::MAX, &[Controller::Human; 2]).is_err());
        assert!(looks_like_code("CUBA1962-BC9Y5T-HA") && !looks_like_code("999-999"));
        let code = ClassCode::new(cuba, 1962, &[Controller::Human; 2]).unwrap();
        let text = code.to_string();
        assert!(code.matches(&format!(" {} ", text.to_lowercase())));
        assert!(!code.matches(&text.replace("-HH", "-HA")));
        let other_seed = ClassCode::new(cuba, 1963, &[Controller::Human; 2]).unwrap();
        assert!(!code.matches(&other_seed.to_string()));
    }
}
