//! The one declaration of every action's words, parameters, cost and help.
//!
//! The terminal's parser, `help` and `ids`, and the desktop's step-by-step drafts and
//! tooltips are all built from [`SPECS`], so an action's parameters are written once.

use crate::scenario::Scenario;
use crate::scenario::schema::{ActionDef, ActionKind, Authority, ClauseDef, Medium, Tone};

/// What kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A live channel the side sits on.
    Channel,
    /// A dormant channel the side sits on.
    DormantChannel,
    /// A fresh channel name (the desktop makes one up).
    NewChannel,
    /// One of the side's own negotiators with at least this authority.
    OwnNegotiator(Authority),
    /// A negotiator of the other side.
    TheirNegotiator,
    /// Optional: `via INTERMEDIARY`.
    Via,
    /// An intermediary (required).
    Intermediary,
    /// Optional: how messages travel (face to face when left out).
    Medium,
    /// One of the side's own stakeholders.
    OwnStakeholder,
    Issue,
    /// An option of the issue given by the previous parameter.
    OptionOfIssue,
    Tone,
    /// The package: `ISSUE=OPTION` words, `*` marking a secret clause (the desktop
    /// takes it from its package editor).
    Clauses,
}

/// One parameter of an action.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The placeholder shown in usage lines (`CHANNEL`).
    pub name: &'static str,
    pub kind: ParamKind,
    /// The question the desktop asks for it.
    pub prompt: &'static str,
}

/// Everything a front-end needs to know about one kind of action.
#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    pub kind: ActionKind,
    /// The word typed in the terminal.
    pub verb: &'static str,
    /// Other words accepted for it.
    pub aliases: &'static [&'static str],
    pub params: &'static [Param],
    /// What the action does, in a line (the terminal's `help`).
    pub help: &'static str,
    /// What it costs and risks, at more length (the desktop's tooltip).
    pub detail: &'static str,
}

const CHANNEL: Param = Param {
    name: "CHANNEL",
    kind: ParamKind::Channel,
    prompt: "On which channel?",
};

const fn channel_only(
    kind: ActionKind,
    verb: &'static str,
    aliases: &'static [&'static str],
    help: &'static str,
    detail: &'static str,
) -> ActionSpec {
    ActionSpec {
        kind,
        verb,
        aliases,
        params: &[CHANNEL],
        help,
        detail,
    }
}

const fn bare(
    kind: ActionKind,
    verb: &'static str,
    aliases: &'static [&'static str],
    help: &'static str,
    detail: &'static str,
) -> ActionSpec {
    ActionSpec {
        kind,
        verb,
        aliases,
        params: &[],
        help,
        detail,
    }
}

/// Every action, in the order of [`ActionKind::ALL`] (the terminal numbers them so).
pub const SPECS: [ActionSpec; 20] = [
    ActionSpec {
        kind: ActionKind::OpenChannel,
        verb: "open",
        aliases: &[],
        params: &[
            Param {
                name: "ID",
                kind: ParamKind::NewChannel,
                prompt: "Name of the new channel?",
            },
            Param {
                name: "FROM",
                kind: ParamKind::OwnNegotiator(Authority::None),
                prompt: "Who opens the channel for you?",
            },
            Param {
                name: "TO",
                kind: ParamKind::TheirNegotiator,
                prompt: "Whom do you reach on the other side?",
            },
            Param {
                name: "via INTERMEDIARY",
                kind: ParamKind::Via,
                prompt: "Directly or through a go-between?",
            },
            Param {
                name: "face|courier|phone|digital",
                kind: ParamKind::Medium,
                prompt: "How will messages travel?",
            },
        ],
        help: "start secret talks, directly or through a go-between",
        detail: "Secret talks, direct or through a go-between. Everyone privy can leak it.",
    },
    ActionSpec {
        kind: ActionKind::Upgrade,
        verb: "upgrade",
        aliases: &[],
        params: &[
            CHANNEL,
            Param {
                name: "NEGOTIATOR",
                kind: ParamKind::OwnNegotiator(Authority::Explore),
                prompt: "Who takes over your end?",
            },
        ],
        help: "bring in someone who can commit your side; more people privy",
        detail: "An official who can commit takes your end: commitments become credible, one more person knows.",
    },
    ActionSpec {
        kind: ActionKind::Offer,
        verb: "offer",
        aliases: &[],
        params: &[
            CHANNEL,
            Param {
                name: "ISSUE=OPTION ... (end an option with * to keep it secret)",
                kind: ParamKind::Clauses,
                prompt: "Which package?",
            },
        ],
        help: "propose a package; secret clauses only on secret channels",
        detail: "Send the package on the selected channel. Public retreats on an official channel cost support.",
    },
    channel_only(
        ActionKind::Accept,
        "accept",
        &[],
        "agree to the other side's pending offer (ad referendum)",
        "Agree to their pending offer (ad referendum). Then someone who can commit must sign.",
    ),
    channel_only(
        ActionKind::Reject,
        "reject",
        &[],
        "turn down the pending offer",
        "Turn down their pending offer; a little trust is lost.",
    ),
    channel_only(
        ActionKind::Probe,
        "probe",
        &[],
        "test the other side's good faith; noisy hint of its type",
        "A gesture that hints at how they bargain; their reactions then show in the package editor.",
    ),
    channel_only(
        ActionKind::Meet,
        "meet",
        &[],
        "meet face to face: big trust gain, hard to hide",
        "Face to face: trust grows fastest, but a meeting is the hardest thing to hide.",
    ),
    channel_only(
        ActionKind::Message,
        "message",
        &[],
        "send a message: small trust gain",
        "A small trust gain; digital media leak more.",
    ),
    ActionSpec {
        kind: ActionKind::Statement,
        verb: "statement",
        aliases: &["say"],
        params: &[
            Param {
                name: "ISSUE",
                kind: ParamKind::Issue,
                prompt: "A statement on which issue?",
            },
            Param {
                name: "OPTION",
                kind: ParamKind::OptionOfIssue,
                prompt: "Which line do you take in public?",
            },
            Param {
                name: "harden|soften",
                kind: ParamKind::Tone,
                prompt: "Harden or soften?",
            },
        ],
        help: "harden or soften your public line (audience costs)",
        detail: "Harden (support up, hands tied, trust down) or soften (audience cost) your public line.",
    },
    ActionSpec {
        kind: ActionKind::Brief,
        verb: "brief",
        aliases: &[],
        params: &[
            Param {
                name: "STAKEHOLDER",
                kind: ParamKind::OwnStakeholder,
                prompt: "Whom do you bring into the loop?",
            },
            CHANNEL,
        ],
        help: "bring a stakeholder into the loop: less anger, more people privy",
        detail: "Bring a group into the loop: far less anger if it leaks, but one more person privy.",
    },
    channel_only(
        ActionKind::Compartmentalise,
        "compartmentalise",
        &["compartmentalize", "cut"],
        "cut staff on a channel: lower leak risk",
        "Halve the staff on a channel: lower leak risk.",
    ),
    bare(
        ActionKind::Deny,
        "deny",
        &[],
        "deny a rumour: calms home now, costs credibility if proven",
        "Deny a rumour: home calms now; if proven false later, credibility pays.",
    ),
    channel_only(
        ActionKind::Confirm,
        "confirm",
        &[],
        "go public on your own terms (controlled disclosure)",
        "Controlled disclosure: the story comes out on your terms, with less anger.",
    ),
    bare(
        ActionKind::Escalate,
        "escalate",
        &[],
        "raise military pressure: risk of war",
        "Raise the pressure. Both sides pay more each turn; at the brink, war becomes possible.",
    ),
    bare(
        ActionKind::DeEscalate,
        "deescalate",
        &["de-escalate"],
        "step back down the ladder",
        "Step down the ladder; hawks grumble, trust grows.",
    ),
    channel_only(
        ActionKind::Threaten,
        "threaten",
        &["warn"],
        "warn them in secret that you will escalate (back channel)",
        "A secret warning: no one at home is bound by it, so it costs no face; it moves a side only when the danger is shared, and costs trust on the channel.",
    ),
    ActionSpec {
        kind: ActionKind::MoveVenue,
        verb: "move",
        aliases: &[],
        params: &[
            CHANNEL,
            Param {
                name: "INTERMEDIARY",
                kind: ParamKind::Intermediary,
                prompt: "Move the talks to which host?",
            },
            Param {
                name: "NEW_ID",
                kind: ParamKind::NewChannel,
                prompt: "Name of the new channel?",
            },
        ],
        help: "move the talks to another host (forum shopping)",
        detail: "Forum shopping: a new host presses them, but trust suffers.",
    },
    ActionSpec {
        kind: ActionKind::Revive,
        verb: "revive",
        aliases: &["wake"],
        params: &[Param {
            name: "CHANNEL",
            kind: ParamKind::DormantChannel,
            prompt: "Which dormant channel?",
        }],
        help: "bring a dormant channel back into use",
        detail: "Revive a dormant channel: the old contacts resume, a little less trusting.",
    },
    bare(
        ActionKind::Sign,
        "sign",
        &[],
        "sign the agreed deal and send it home for ratification",
        "Take the agreed deal public and home for ratification. Needs someone who can commit.",
    ),
    bare(
        ActionKind::Wait,
        "wait",
        &["end"],
        "end your turn",
        "End your turn.",
    ),
];

/// The declaration of one kind of action.
pub fn spec(kind: ActionKind) -> &'static ActionSpec {
    SPECS
        .iter()
        .find(|s| s.kind == kind)
        .expect("SPECS covers every ActionKind (tested)")
}

impl ActionSpec {
    /// The usage line: the verb and its parameters (`meet CHANNEL`).
    pub fn usage(&self) -> String {
        let mut s = self.verb.to_string();
        for p in self.params {
            let optional = matches!(p.kind, ParamKind::Via | ParamKind::Medium);
            s.push(' ');
            if optional {
                s.push_str(&format!("[{}]", p.name));
            } else {
                s.push_str(p.name);
            }
        }
        s
    }
}

/// The values of an action's parameters, one slot per parameter of its spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    /// One word per parameter (`None`: an optional parameter left out).
    pub words: Vec<Option<String>>,
    pub clauses: Vec<ClauseDef>,
}

/// Find an action by its verb, an alias, or its number in [`SPECS`] (from 1).
pub fn find_verb(word: &str) -> Option<&'static ActionSpec> {
    if let Ok(n) = word.parse::<usize>() {
        return n.checked_sub(1).and_then(|i| SPECS.get(i));
    }
    SPECS
        .iter()
        .find(|s| s.verb == word || s.aliases.contains(&word))
}

/// The word typed for a medium (what [`medium`] reads back).
pub fn medium_word(m: Medium) -> &'static str {
    match m {
        Medium::FaceToFace => "face",
        Medium::Courier => "courier",
        Medium::Phone => "phone",
        Medium::Digital => "digital",
    }
}

/// Read a medium word.
pub fn medium(word: &str) -> Option<Medium> {
    Some(match word {
        "face" | "facetoface" | "face_to_face" => Medium::FaceToFace,
        "courier" | "letter" => Medium::Courier,
        "phone" => Medium::Phone,
        "digital" | "email" => Medium::Digital,
        _ => return None,
    })
}

/// Read a tone word.
pub fn tone(word: &str) -> Option<Tone> {
    match word {
        "harden" | "hard" => Some(Tone::Harden),
        "soften" | "soft" => Some(Tone::Soften),
        _ => None,
    }
}

/// Read one `ISSUE=OPTION` word (`*` at the end: a secret clause).
pub fn clause(word: &str) -> Option<ClauseDef> {
    let (issue, option) = word.split_once('=')?;
    Some(ClauseDef {
        issue: issue.into(),
        option: option.trim_end_matches('*').into(),
        secret: option.ends_with('*'),
    })
}

/// How a proposal from the mediator's seat is written.
pub const PROPOSE_USAGE: &str = "propose ISSUE=OPTION ... [pay PARTY=AMOUNT ...]";

/// Read a proposal from the mediator's seat: `propose ISSUE=OPTION ... [pay
/// PARTY=AMOUNT ...]` (the payments are what it pays each side if the deal is ratified).
pub fn proposal(line: &str) -> Result<super::mediation::ProposalDef, String> {
    let mut words = line.split_whitespace();
    if words.next() != Some("propose") {
        return Err(format!("usage: {PROPOSE_USAGE}"));
    }
    let mut def = super::mediation::ProposalDef::default();
    let mut paying = false;
    for w in words {
        if w == "pay" {
            paying = true;
            continue;
        }
        let Some((left, right)) = w.split_once('=') else {
            return Err(format!(
                "\"{w}\" is not {}; usage: {PROPOSE_USAGE}",
                if paying {
                    "PARTY=AMOUNT"
                } else {
                    "ISSUE=OPTION"
                }
            ));
        };
        if paying {
            let amount = right
                .parse::<f64>()
                .map_err(|_| format!("\"{right}\" is not an amount like 0.02 (in \"{w}\")"))?;
            def.payments.push((left.to_string(), amount));
        } else {
            def.clauses.push(clause(w).expect("has ="));
        }
    }
    if def.clauses.is_empty() {
        return Err(format!(
            "a proposal needs at least one ISSUE=OPTION; usage: {PROPOSE_USAGE}"
        ));
    }
    Ok(def)
}

/// Parse the words after a verb into the spec's parameters.
pub fn parse_args(spec: &ActionSpec, words: &[&str]) -> Result<Args, String> {
    let usage = || format!("usage: {}", spec.usage());
    let mut args = Args {
        words: vec![None; spec.params.len()],
        clauses: Vec::new(),
    };
    let mut i = 0;
    for (slot, p) in spec.params.iter().enumerate() {
        match p.kind {
            // Optional parameters are read together below, in any order.
            ParamKind::Via | ParamKind::Medium => {}
            ParamKind::Clauses => {
                for w in &words[i.min(words.len())..] {
                    args.clauses.push(
                        clause(w)
                            .ok_or_else(|| format!("\"{w}\" is not ISSUE=OPTION; {}", usage()))?,
                    );
                }
                if args.clauses.is_empty() {
                    return Err(usage());
                }
                i = words.len();
            }
            ParamKind::Tone => {
                let w = words.get(i).ok_or_else(usage)?;
                tone(w).ok_or_else(|| format!("tone \"{w}\" is not harden or soften"))?;
                args.words[slot] = Some(w.to_string());
                i += 1;
            }
            _ => {
                let w = words.get(i).ok_or_else(usage)?;
                args.words[slot] = Some(w.to_string());
                i += 1;
            }
        }
    }
    while i < words.len() {
        let w = words[i];
        let via = spec.params.iter().position(|p| p.kind == ParamKind::Via);
        let med = spec.params.iter().position(|p| p.kind == ParamKind::Medium);
        match (w, via, med) {
            ("via", Some(slot), _) if i + 1 < words.len() => {
                args.words[slot] = Some(words[i + 1].to_string());
                i += 1;
            }
            (w, _, Some(slot)) if medium(w).is_some() => args.words[slot] = Some(w.to_string()),
            _ => return Err(format!("unexpected \"{w}\"; {}", usage())),
        }
        i += 1;
    }
    Ok(args)
}

/// Build the action from a spec and complete arguments.
pub fn build(spec: &ActionSpec, args: &Args) -> Result<ActionDef, String> {
    let at = |i: usize| -> Result<String, String> {
        args.words
            .get(i)
            .cloned()
            .flatten()
            .ok_or_else(|| format!("usage: {}", spec.usage()))
    };
    let opt = |i: usize| args.words.get(i).cloned().flatten();
    use ActionKind as K;
    Ok(match spec.kind {
        K::OpenChannel => ActionDef::OpenChannel {
            id: at(0)?,
            from: at(1)?,
            to: at(2)?,
            via: opt(3).filter(|v| v != "-"),
            medium: opt(4)
                .and_then(|m| medium(&m))
                .unwrap_or(Medium::FaceToFace),
        },
        K::Upgrade => ActionDef::Upgrade {
            channel: at(0)?,
            negotiator: at(1)?,
        },
        K::Offer => ActionDef::Offer {
            channel: at(0)?,
            clauses: args.clauses.clone(),
        },
        K::Accept => ActionDef::Accept { channel: at(0)? },
        K::Reject => ActionDef::Reject { channel: at(0)? },
        K::Probe => ActionDef::Probe { channel: at(0)? },
        K::Meet => ActionDef::Meet { channel: at(0)? },
        K::Message => ActionDef::Message { channel: at(0)? },
        K::Statement => ActionDef::Statement {
            issue: at(0)?,
            option: at(1)?,
            tone: tone(&at(2)?).ok_or("the tone is harden or soften")?,
        },
        K::Brief => ActionDef::Brief {
            stakeholder: at(0)?,
            channel: at(1)?,
        },
        K::Compartmentalise => ActionDef::Compartmentalise { channel: at(0)? },
        K::Deny => ActionDef::Deny,
        K::Confirm => ActionDef::Confirm { channel: at(0)? },
        K::Escalate => ActionDef::Escalate,
        K::DeEscalate => ActionDef::DeEscalate,
        K::MoveVenue => ActionDef::MoveVenue {
            channel: at(0)?,
            via: at(1)?,
            id: at(2)?,
        },
        K::Revive => ActionDef::Revive { channel: at(0)? },
        K::Threaten => ActionDef::Threaten { channel: at(0)? },
        K::Sign => ActionDef::Sign,
        K::Wait => ActionDef::Wait,
    })
}

/// Parse a whole command line (`meet rfk_d`, `7 rfk_d`) into an action.
pub fn parse(line: &str) -> Result<ActionDef, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(&first) = words.first() else {
        return Err("empty command".into());
    };
    let spec = find_verb(first).ok_or_else(|| {
        if first.parse::<usize>().is_ok() {
            format!("there is no action number {first}; type `help`")
        } else {
            format!("unknown command \"{first}\"; type `help` for the list")
        }
    })?;
    build(spec, &parse_args(spec, &words[1..])?)
}

/// The choices a parameter offers a side now: (label for people, value to send).
/// `channels` are the live channels the side sits on; `earlier` the values already
/// chosen for the parameters before this one.
pub fn choices(
    scen: &Scenario,
    side: usize,
    param: &Param,
    channels: &[(String, bool)],
    earlier: &[Option<String>],
) -> Vec<(String, String)> {
    let negs = |p: usize, min: Authority| -> Vec<(String, String)> {
        scen.negotiators_of(p)
            .filter(|&n| scen.negotiators[n].authority >= min)
            .map(|n| {
                let n = &scen.negotiators[n];
                (
                    format!("{} ({}, {:?})", n.name, n.role, n.authority),
                    n.id.clone(),
                )
            })
            .collect()
    };
    match param.kind {
        ParamKind::Channel => channels
            .iter()
            .filter(|c| c.1)
            .map(|c| (c.0.clone(), c.0.clone()))
            .collect(),
        ParamKind::DormantChannel => channels
            .iter()
            .filter(|c| !c.1)
            .map(|c| (c.0.clone(), c.0.clone()))
            .collect(),
        ParamKind::NewChannel | ParamKind::Clauses => Vec::new(),
        ParamKind::OwnNegotiator(min) => negs(side, min),
        ParamKind::TheirNegotiator => negs(scen.other_party(side), Authority::None),
        ParamKind::Via => {
            let mut v = vec![("Directly, no go-between".to_string(), "-".to_string())];
            v.extend(
                scen.intermediaries
                    .iter()
                    .map(|m| (format!("Through {}", m.name), m.id.clone())),
            );
            v
        }
        ParamKind::Intermediary => scen
            .intermediaries
            .iter()
            .map(|m| (m.name.clone(), m.id.clone()))
            .collect(),
        ParamKind::Medium => scen
            .media()
            .into_iter()
            .map(|m| {
                let label = match m {
                    Medium::FaceToFace => "Face to face (trust fast, hard to hide)",
                    Medium::Courier => "Courier and letters",
                    Medium::Phone => "Telephone",
                    Medium::Digital => "Digital (easy to copy, leaks most)",
                };
                (label.to_string(), medium_word(m).to_string())
            })
            .collect(),
        ParamKind::OwnStakeholder => scen
            .stakeholders
            .iter()
            .filter(|h| h.party == side)
            .map(|h| (h.name.clone(), h.id.clone()))
            .collect(),
        ParamKind::Issue => scen
            .issues
            .iter()
            .map(|i| (i.name.clone(), i.id.clone()))
            .collect(),
        ParamKind::OptionOfIssue => {
            let issue = earlier
                .iter()
                .rev()
                .flatten()
                .find_map(|id| scen.issue_index(id))
                .unwrap_or(0);
            scen.issues
                .get(issue)
                .map(|i| {
                    i.options
                        .iter()
                        .map(|o| (o.label.clone(), o.id.clone()))
                        .collect()
                })
                .unwrap_or_default()
        }
        ParamKind::Tone => vec![
            (
                "Harden (ties your hands; support up, trust down)".into(),
                "harden".into(),
            ),
            (
                "Soften (audience cost if you retreat)".into(),
                "soften".into(),
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_kind_is_declared_once_in_order() {
        for (i, k) in ActionKind::ALL.into_iter().enumerate() {
            assert_eq!(SPECS[i].kind, k);
            assert_eq!(spec(k).kind, k);
        }
    }

    #[test]
    fn verbs_aliases_and_numbers_parse_to_the_same_action() {
        let meet = ActionDef::Meet {
            channel: "x".into(),
        };
        assert_eq!(parse("meet x").unwrap(), meet);
        assert_eq!(parse("7 x").unwrap(), meet);
        assert_eq!(parse("end").unwrap(), ActionDef::Wait);
        assert_eq!(parse("de-escalate").unwrap(), ActionDef::DeEscalate);
        assert!(parse("meet").unwrap_err().contains("usage: meet CHANNEL"));
        assert!(parse("99").unwrap_err().contains("no action number"));
    }

    #[test]
    fn open_takes_optional_go_between_and_medium_in_any_order() {
        let a = parse("open c me you digital via oslo").unwrap();
        assert_eq!(
            a,
            ActionDef::OpenChannel {
                id: "c".into(),
                from: "me".into(),
                to: "you".into(),
                via: Some("oslo".into()),
                medium: Medium::Digital,
            }
        );
        assert!(parse("open c me you nowhere").is_err());
    }

    #[test]
    fn offers_read_secret_clauses_and_refuse_malformed_ones() {
        let a = parse("offer c a=x b=y*").unwrap();
        let ActionDef::Offer { clauses, .. } = a else {
            panic!("an offer")
        };
        assert!(!clauses[0].secret && clauses[1].secret);
        assert_eq!(clauses[1].option, "y");
        assert!(parse("offer c a").unwrap_err().contains("ISSUE=OPTION"));
        assert!(parse("statement a b loud").unwrap_err().contains("harden"));
    }
}
