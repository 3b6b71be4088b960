//! `backchannel play`: a terminal game, a scripted replay or the historical path.

use std::io::Write;
use std::process::ExitCode;

use backchannel::ai::Policy;
use backchannel::bundled;
use backchannel::report::Report;
use backchannel::scenario::Scenario;
use backchannel::scenario::diagnostics::{Diagnostic, render_one};
use backchannel::scenario::schema::ScriptedAction;
use backchannel::{Controller, Game};

use super::PlayArgs;
use super::terminal::{Input, TurnEnd, debrief, human_turn, news};

/// Read a script file: a RON list of `(turn: N, party: "id", action: ...)`.
pub fn load_script(path: &std::path::Path) -> Result<Vec<ScriptedAction>, String> {
    use backchannel::scenario::load::{Capped, MAX_FILE_BYTES, read_capped};
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|e| match e {
        Capped::Io(e) => format!("{}: cannot read the script: {e}", path.display()),
        Capped::TooLarge(n) => format!(
            "{}: the script is {n} bytes; at most {MAX_FILE_BYTES}",
            path.display()
        ),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: the script is not UTF-8 text", path.display()))?;
    ron::Options::default()
        .with_recursion_limit(64)
        .from_str::<Vec<ScriptedAction>>(&text)
        .map_err(|e| {
            render_one(
                path,
                &text,
                &Diagnostic {
                    line: e.span.start.line.max(1),
                    col: e.span.start.col.max(1),
                    message: format!(
                        "{}; expected a list like [(turn: 1, party: \"usa\", action: Wait)]",
                        e.code
                    ),
                },
            )
        })
}

pub fn run(args: &PlayArgs) -> ExitCode {
    let scen = match bundled::resolve(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let side = match &args.side {
        Some(id) => match scen.party_index(id) {
            Some(p) if scen.parties[p].playable => p,
            Some(_) => {
                eprintln!("error: party \"{id}\" is not playable in {}", scen.id);
                return ExitCode::from(2);
            }
            None => {
                let ids: Vec<&str> = scen.parties.iter().map(|p| p.id.as_str()).collect();
                eprintln!(
                    "error: no party \"{id}\" in {}; expected one of: {}",
                    scen.id,
                    ids.join(", ")
                );
                return ExitCode::from(2);
            }
        },
        None => scen.parties.iter().position(|p| p.playable).unwrap_or(0),
    };
    let other = scen.other_party(side);
    let opponent = if args.opponent == "human" {
        Controller::Human
    } else {
        match args.opponent.parse::<Policy>() {
            Ok(p) => Controller::Ai(p),
            Err(e) => {
                eprintln!("error: --opponent: {e}, human");
                return ExitCode::from(2);
            }
        }
    };

    // Narrative goes to stdout, or to stderr when stdout carries JSON.
    let mut out: Box<dyn Write> = if args.json {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let mut game = if args.historical {
        if scen.historical.is_none() {
            eprintln!("error: scenario \"{}\" has no historical path", scen.id);
            return ExitCode::FAILURE;
        }
        Game::historical(scen.clone(), args.seed)
    } else {
        let mut controllers = vec![opponent; scen.parties.len()];
        controllers[side] = match (&args.script, &args.watch) {
            (Some(_), _) => Controller::Script,
            (None, Some(p)) => match p.parse::<Policy>() {
                Ok(p) => Controller::Ai(p),
                Err(e) => {
                    eprintln!("error: --watch: {e}");
                    return ExitCode::from(2);
                }
            },
            (None, None) => Controller::Human,
        };
        let mut g = Game::new(scen.clone(), args.seed, &controllers);
        if let Some(path) = &args.script {
            match load_script(path) {
                Ok(steps) => {
                    let mut typed = Vec::new();
                    for s in steps {
                        match scen.party_index(&s.party) {
                            Some(p) if p == side => typed.push((s.turn, p, s.action)),
                            Some(_) => {}
                            None => {
                                eprintln!(
                                    "{}: unknown party \"{}\" in the script",
                                    path.display(),
                                    s.party
                                );
                                return ExitCode::FAILURE;
                            }
                        }
                    }
                    g.set_script(typed);
                }
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        g
    };

    let interactive = !args.historical && args.script.is_none() && args.watch.is_none();
    if interactive {
        let _ = writeln!(out, "{} ({})\n{}\n", scen.title, scen.year, scen.summary);
        let _ = writeln!(
            out,
            "Your instructions ({}):\n  {}\n",
            scen.parties[side].name, scen.parties[side].briefing
        );
        let _ = writeln!(
            out,
            "Seed {} (code {}) — the same seed and the same moves replay the same game.",
            args.seed,
            backchannel::seed::code(args.seed)
        );
    }
    let stdin = std::io::stdin();
    let mut input = Input::new(
        stdin.lock(),
        std::io::IsTerminal::is_terminal(&std::io::stdin()),
    );
    let mut cursors = vec![0usize; scen.parties.len()];
    let mut global = 0usize;
    let humans: Vec<usize> = (0..scen.parties.len())
        .filter(|&p| interactive && (p == side || (p == other && opponent == Controller::Human)))
        .collect();
    let limit = scen.deadline + 2;
    for _ in 0..limit {
        if game.is_finished() {
            break;
        }
        if humans.is_empty() {
            global = news(&game, None, global, &mut out, false);
        }
        for &p in &humans {
            if humans.len() > 1 {
                let _ = writeln!(
                    out,
                    "\n\n---- Hand over to {}: the other player looks away ----",
                    scen.parties[p].name
                );
            }
            if human_turn(&mut game, p, &mut input, &mut out, &mut cursors[p]) == TurnEnd::Quit {
                let _ = writeln!(out, "Game abandoned on turn {}.", game.turn());
                return ExitCode::SUCCESS;
            }
            if game.is_finished() {
                break;
            }
        }
        game.end_turn();
    }
    if humans.is_empty() {
        news(&game, None, global, &mut out, false);
    } else {
        news(&game, Some(side), cursors[side], &mut out, false);
    }
    debrief(&game, Some(side), &mut out);
    if args.json {
        println!("{}", Report::from_game(&game, Some(side)).to_json());
    }
    if args.historical || args.script.is_some() {
        // A script whose steps the rules refuse did not replay what it says.
        let refused = game
            .chronicle()
            .events
            .iter()
            .filter(|e| matches!(e.kind, backchannel::sim::events::EventKind::Refused { .. }))
            .filter(|e| args.historical || e.party == Some(side))
            .count();
        if refused > 0 {
            eprintln!(
                "error: {refused} scripted step(s) were refused (see the transcript); `backchannel validate` lists them with their place in the file"
            );
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// `backchannel` with no subcommand: pick a scenario and a side, then play.
pub fn start_menu() -> ExitCode {
    let stdin = std::io::stdin();
    let mut input = Input::new(
        stdin.lock(),
        std::io::IsTerminal::is_terminal(&std::io::stdin()),
    );
    let mut out = std::io::stdout();
    let scenarios: Vec<Scenario> = bundled::all().into_iter().filter_map(Result::ok).collect();
    let _ = writeln!(out, "BACK CHANNEL — secret diplomacy, turn by turn\n");
    for (i, s) in scenarios.iter().enumerate() {
        let _ = writeln!(out, "  {}. {} ({}) — {}", i + 1, s.title, s.year, s.summary);
    }
    let Some(choice) = input
        .line(&mut out, "\nChoose a scenario [1]: ")
        .or(Some("1".into()))
    else {
        return ExitCode::SUCCESS;
    };
    let idx = choice
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=scenarios.len()).contains(n))
        .unwrap_or(1)
        - 1;
    let scen = &scenarios[idx];
    let playable: Vec<&str> = scen
        .parties
        .iter()
        .filter(|p| p.playable)
        .map(|p| p.id.as_str())
        .collect();
    let side = input
        .line(
            &mut out,
            &format!("Your side ({}) [{}]: ", playable.join(" / "), playable[0]),
        )
        .filter(|s| playable.contains(&s.as_str()))
        .unwrap_or_else(|| playable[0].to_string());
    let args = PlayArgs {
        scenario: scen.id.clone(),
        side: Some(side),
        seed: 1,
        opponent: "ai".into(),
        script: None,
        watch: None,
        historical: false,
        json: false,
    };
    drop(input);
    run(&args)
}
