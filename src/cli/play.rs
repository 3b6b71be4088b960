//! `backchannel play`: a terminal game, a scripted replay or the historical path.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use backchannel::ai::Policy;
use backchannel::bundled;
use backchannel::class::ClassCode;
use backchannel::report::Report;
use backchannel::results::GameResult;
use backchannel::scenario::Scenario;
use backchannel::scenario::diagnostics::{Diagnostic, render_one};
use backchannel::scenario::schema::ScriptedAction;
use backchannel::{Controller, Game};

use super::PlayArgs;
use super::terminal::{
    Input, TurnEnd, debrief, human_turn, mediator_debrief, mediator_news, mediator_turn, news,
};

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

/// The game `play` was asked for: scenario, seed, who plays each party, and the
/// side whose view the terminal shows.
struct Setup {
    scen: Arc<Scenario>,
    seed: u64,
    controllers: Vec<Controller>,
    side: usize,
}

/// Who `--opponent` says plays the other side (or, mediating, both).
fn opponent(args: &PlayArgs) -> Result<Controller, (String, u8)> {
    if args.opponent == "human" {
        return Ok(Controller::Human);
    }
    args.opponent
        .parse::<Policy>()
        .map(Controller::Ai)
        .map_err(|e| (format!("error: --opponent: {e}, human"), 2))
}

fn setup(args: &PlayArgs) -> Result<Setup, (String, u8)> {
    if let Some(text) = &args.code {
        let (code, scen) = backchannel::class::resolve(text).map_err(|e| (e, 2))?;
        let side = code
            .humans()
            .first()
            .copied()
            .unwrap_or_else(|| scen.parties.iter().position(|p| p.playable).unwrap_or(0));
        return Ok(Setup {
            side,
            seed: code.seed,
            controllers: code.seats(),
            scen,
        });
    }
    let id = args.scenario.as_deref().unwrap_or_default();
    let scen = bundled::resolve(id).map_err(|e| (e, 1))?;
    let mediator_id = scen.mediator.as_ref().map(|m| m.id.as_str());
    let wants_mediator = args
        .side
        .as_deref()
        .is_some_and(|s| mediator_id.is_some_and(|m| s == m || s == "mediator"));
    if wants_mediator {
        // The person takes the mediator's seat; both parties are played by `--opponent`.
        if args.historical || args.script.is_some() || args.watch.is_some() {
            return Err((
                "error: the mediator's seat is played by a person; --historical, --script and --watch play a party".into(),
                2,
            ));
        }
        let mut controllers = vec![opponent(args)?; scen.parties.len()];
        controllers.push(Controller::Human);
        return Ok(Setup {
            side: scen.parties.iter().position(|p| p.playable).unwrap_or(0),
            seed: args.seed,
            controllers,
            scen,
        });
    }
    let side = match &args.side {
        Some(id) => match scen.party_index(id) {
            Some(p) if scen.parties[p].playable => p,
            Some(_) => {
                return Err((
                    format!("error: party \"{id}\" is not playable in {}", scen.id),
                    2,
                ));
            }
            None => {
                let ids: Vec<&str> = scen
                    .parties
                    .iter()
                    .map(|p| p.id.as_str())
                    .chain(mediator_id)
                    .collect();
                let mediator_hint = if mediator_id.is_some() {
                    " (or `mediator` for the mediator's seat)"
                } else {
                    ""
                };
                return Err((
                    format!(
                        "error: no party \"{id}\" in {}; expected one of: {}{mediator_hint}",
                        scen.id,
                        ids.join(", ")
                    ),
                    2,
                ));
            }
        },
        None => scen.parties.iter().position(|p| p.playable).unwrap_or(0),
    };
    let opponent = opponent(args)?;
    let mut controllers = vec![opponent; scen.parties.len()];
    if args.historical {
        controllers.fill(Controller::Script);
    }
    controllers[side] = match (&args.script, &args.watch, args.historical) {
        (_, _, true) | (Some(_), _, _) => Controller::Script,
        (None, Some(p), _) => Controller::Ai(
            p.parse::<Policy>()
                .map_err(|e| (format!("error: --watch: {e}"), 2))?,
        ),
        (None, None, _) => Controller::Human,
    };
    Ok(Setup {
        scen,
        seed: args.seed,
        controllers,
        side,
    })
}

pub fn run(args: &PlayArgs) -> ExitCode {
    let Setup {
        scen,
        seed,
        controllers,
        side,
    } = match setup(args) {
        Ok(s) => s,
        Err((e, code)) => {
            eprintln!("{e}");
            return ExitCode::from(code);
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
        Game::historical(scen.clone(), seed)
    } else {
        let mut g = Game::new(scen.clone(), seed, &controllers);
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

    let humans = backchannel::game::humans(game.controllers());
    let mediating = game.mediator() == Controller::Human;
    let interactive = !humans.is_empty() || mediating;
    let side = humans.first().copied().unwrap_or(side);
    if interactive {
        let _ = writeln!(out, "{} ({})\n{}\n", scen.title, scen.year, scen.summary);
        for &p in &humans {
            let _ = writeln!(
                out,
                "Your instructions ({}):\n  {}\n",
                scen.parties[p].name, scen.parties[p].briefing
            );
        }
        if let (true, Some(m)) = (mediating, &scen.mediator) {
            let _ = writeln!(
                out,
                "Your instructions ({}, the mediator):\n  {}\n  You put packages to both sides (`propose`), may promise payments out of a budget of {:.2} if a deal is ratified, and see only the public record and the tables you host.\n",
                m.name, m.description, m.budget
            );
        }
        let _ = writeln!(
            out,
            "Seed {seed} (code {}) — the same seed and the same moves replay the same game.",
            backchannel::seed::code(seed)
        );
        if let Ok(code) = ClassCode::new(&scen, seed, &controllers) {
            let _ = writeln!(out, "Class code {code} — {}.", code.describe(&scen));
        }
    }
    let stdin = std::io::stdin();
    let mut input = Input::new(
        stdin.lock(),
        std::io::IsTerminal::is_terminal(&std::io::stdin()),
    );
    let mut cursors = vec![0usize; scen.parties.len()];
    let mut mediator_cursor = 0usize;
    let mut global = 0usize;
    let limit = scen.deadline + 2;
    for _ in 0..limit {
        if game.is_finished() {
            break;
        }
        if !interactive {
            global = news(&game, None, global, &mut out, false);
        }
        let players = humans.len() + usize::from(mediating);
        for &p in &humans {
            if players > 1 {
                let _ = writeln!(
                    out,
                    "\n\n---- Hand over to {}: the other player looks away ----",
                    scen.parties[p].name
                );
            }
            if human_turn(&mut game, p, &mut input, &mut out, &mut cursors[p]) == TurnEnd::Quit {
                let _ = writeln!(out, "Game abandoned on turn {}.", game.turn());
                return write_result(args, &game, &mut out);
            }
            if game.is_finished() {
                break;
            }
        }
        if mediating && !game.is_finished() {
            if players > 1 {
                let _ = writeln!(
                    out,
                    "\n\n---- Hand over to the mediator: the other players look away ----"
                );
            }
            if mediator_turn(&mut game, &mut input, &mut out, &mut mediator_cursor) == TurnEnd::Quit
            {
                let _ = writeln!(out, "Game abandoned on turn {}.", game.turn());
                return write_result(args, &game, &mut out);
            }
        }
        game.end_turn();
    }
    if !interactive {
        news(&game, None, global, &mut out, false);
    } else if humans.is_empty() {
        mediator_news(&game, mediator_cursor, &mut out);
    } else {
        news(&game, Some(side), cursors[side], &mut out, false);
    }
    debrief(&game, (!humans.is_empty()).then_some(side), &mut out);
    if mediating {
        mediator_debrief(&game, &mut out);
    }
    if args.json {
        println!("{}", Report::from_game(&game, Some(side)).to_json());
    }
    if write_result(args, &game, &mut out) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
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

/// Write the result file `--result` asked for (nothing without it).
fn write_result(args: &PlayArgs, game: &Game, out: &mut dyn Write) -> ExitCode {
    let Some(target) = &args.result else {
        return ExitCode::SUCCESS;
    };
    let mut names: Vec<Option<String>> = vec![None; game.scenario().parties.len()];
    for (p, name) in backchannel::game::humans(game.controllers())
        .into_iter()
        .zip(&args.names)
    {
        names[p] = backchannel::results::clean_name(name).ok();
    }
    let result = GameResult::of(game, &names, None);
    let written = if target.is_dir() {
        result.write_in(target)
    } else {
        backchannel::files::write_atomic(target, result.to_json().as_bytes())
            .map(|()| target.clone())
    };
    match written {
        Ok(path) => {
            let _ = writeln!(out, "Result written to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: cannot write the result to {}: {e}",
                target.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// `backchannel report`: result files into a class debrief.
pub fn class_report(files: &[std::path::PathBuf], out: &std::path::Path) -> ExitCode {
    let got = backchannel::class_report::collect(files);
    for p in &got.problems {
        eprintln!("skipped: {p}");
    }
    if got.results.is_empty() {
        eprintln!(
            "error: no result files found; write them with `play --result FOLDER`; the desktop (in its data folder's results/) and the classroom server (in the class folder's results/) write them when a game ends"
        );
        return ExitCode::FAILURE;
    }
    let s = backchannel::class_report::summarise(&got.results);
    match backchannel::class_report::write(out, &got.results, &s) {
        Ok(written) => {
            println!("{} game(s) read.", s.games);
            for (e, n) in s.endings.iter().filter(|e| e.1 > 0) {
                println!("  {e}: {n}");
            }
            for w in written {
                println!("wrote {}", w.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
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
        scenario: Some(scen.id.clone()),
        code: None,
        names: Vec::new(),
        result: None,
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
