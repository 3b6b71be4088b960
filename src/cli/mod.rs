//! The command line: list, validate, play (terminal), simulate (batch), experiment.

pub mod author;
pub mod balance;
pub mod bench;
pub mod play;
#[cfg(feature = "serve")]
pub mod serve;
pub mod simulate;
pub mod terminal;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use backchannel::bundled;

/// Back Channel: secret diplomacy, turn by turn.
#[derive(Parser, Debug)]
#[command(name = "backchannel", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a subcommand: play in the terminal instead of the desktop window.
    #[arg(long)]
    pub terminal: bool,
    /// Drive the desktop app through every screen, save a PNG of each in DIR, then quit.
    #[arg(long, value_name = "DIR", hide = true)]
    pub screenshots: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the bundled scenarios: id, year, title.
    List,
    /// Check scenario files: every error and warning with file, line and column, and a
    /// replay of the historical path (refused steps, outcomes over many seeds).
    Validate {
        /// Scenario files (.ron) to check, or the ids of files in your scenarios folder.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the results as JSON (for tools).
        #[arg(long)]
        json: bool,
        /// Seeds over which to replay the historical path (0 skips the replay).
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(0..=10_000))]
        history_seeds: u64,
    },
    /// Start a scenario of your own: a complete, commented file that validates and
    /// plays, written to your scenarios folder (see `list`), ready to edit.
    NewScenario {
        /// Its id and file name: lowercase letters, digits and _ (like `camp_david`).
        name: String,
        /// Its title (default: from the name).
        #[arg(long)]
        title: Option<String>,
        /// Write it in this folder instead of your scenarios folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Play a game in the terminal, replay a script, or replay history.
    Play(PlayArgs),
    /// A class's debrief from result files (`play --result`, the desktop, the classroom
    /// server): a CSV, a Markdown debrief and charts, written to a folder.
    Report {
        /// Result files, or folders of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder to write results.csv, debrief.md and the charts into.
        #[arg(long, default_value = "class-report")]
        out: PathBuf,
    },
    /// Host a class in the browser: students on the same network open the address
    /// printed, enter the class code and a name, and are seated at tables.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Simulated students play whole games on a running `serve`, two to a table,
    /// timing every move (the classroom's load test).
    #[cfg(feature = "serve")]
    #[command(hide = true)]
    LoadTest(LoadTestArgs),
    /// Play many seeded games with built-in policies and summarise them.
    Simulate(SimulateArgs),
    /// Measure one of the game's lessons: change one thing, play many seeded games of
    /// each arm, print the effect with its 95 % interval (`all` runs every one).
    Experiment(ExperimentArgs),
    /// Measure speed on this machine: loading and validating each bundled scenario and
    /// the largest file accepted, the computer's turn on that file, whole games a second.
    Bench(BenchArgs),
    /// Is a scenario balanced? Every built-in policy of each side against the computer
    /// over many seeds, the historical path, and the zone of agreement.
    Balance(BalanceArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The class code (like CUBA1962-BC9Y5T-HH): scenario, seed, who plays each side.
    #[arg(long)]
    pub code: String,
    /// The class folder (tables, results); an existing class there is resumed.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on (the default reaches every machine on the network).
    #[arg(long, default_value = "0.0.0.0")]
    pub bind: std::net::IpAddr,
}

#[derive(Args, Debug, Clone)]
pub struct LoadTestArgs {
    /// The server's address.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The class code the server was started with.
    #[arg(long)]
    pub code: String,
    /// Tables to fill (students = tables × people per table).
    #[arg(long, default_value_t = 60)]
    pub tables: usize,
}

#[derive(Args, Debug, Clone)]
pub struct BalanceArgs {
    /// Bundled scenario id, your scenario's id, or a path to a .ron file.
    #[arg(long, short = 's')]
    pub scenario: String,
    /// Games per policy (game i uses seed + i).
    #[arg(long, default_value_t = 1000)]
    pub games: u64,
    /// Seed: a number or a class's seed code (like BC9Y5T).
    #[arg(long, default_value = "1", value_parser = backchannel::seed::parse)]
    pub seed: u64,
    /// Worker threads (default: every core; results do not depend on it).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Also write the table as CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Also draw each side's mean score by policy, with its 95 % interval, as an SVG
    /// chart in this file.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct BenchArgs {
    /// Games per bundled scenario for the games-a-second figure.
    #[arg(long, default_value_t = 2000)]
    pub games: u64,
    /// Turns timed on the largest scenario.
    #[arg(long, default_value_t = 20)]
    pub turns: u32,
    /// Also write the largest accepted scenario to this file.
    #[arg(long, value_name = "FILE")]
    pub write_largest: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct ExperimentArgs {
    /// secrecy, privy, briefing, posturing, delay, medium, or all.
    pub name: String,
    /// Bundled scenario id or path to a .ron file.
    #[arg(long, short = 's', default_value = "cuba_1962")]
    pub scenario: String,
    /// Games per arm (the default is chosen by power for the bundled scenarios).
    #[arg(long, default_value_t = 400)]
    pub games: usize,
    /// Seed: a number or a class's seed code (like BC9Y5T).
    #[arg(long, default_value = "1", value_parser = backchannel::seed::parse)]
    pub seed: u64,
    /// Worker threads (default: every core; results do not depend on it).
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Args, Debug, Clone)]
pub struct PlayArgs {
    /// Bundled scenario id (see `list`) or path to a .ron file.
    #[arg(long, short = 's', required_unless_present = "code")]
    pub scenario: Option<String>,
    /// A class code (like CUBA1962-BC9Y5T-HA): it fixes the scenario, the seed and who
    /// plays each side, so every table that enters it faces the same game.
    #[arg(long, conflicts_with_all = ["scenario", "seed", "opponent", "watch", "script", "historical"])]
    pub code: Option<String>,
    /// Your name, for the result file (repeat for a second player at the same table).
    #[arg(long = "name", value_name = "NAME")]
    pub names: Vec<String>,
    /// Write the game's result (JSON, for `backchannel report`) to FILE, or to a new
    /// file in FOLDER, when the game ends.
    #[arg(long, value_name = "FILE|FOLDER")]
    pub result: Option<PathBuf>,
    /// The party you lead (its id, e.g. `usa`); defaults to the first playable party.
    #[arg(long)]
    pub side: Option<String>,
    /// Seed of the game's random stream, as a number or a class's seed code (like
    /// BC9Y5T); the same seed and actions replay exactly.
    #[arg(long, default_value = "1", value_parser = backchannel::seed::parse)]
    pub seed: u64,
    /// Who plays the other side: `ai` (default), another built-in policy
    /// (`secret`, `official`, `passive`, `random`, `escalate`, `rush`, `stall`), or
    /// `human` for hot-seat play.
    #[arg(long, default_value = "ai")]
    pub opponent: String,
    /// Let a built-in policy play your side too, and watch (`ai`, `secret`, ...).
    #[arg(long, conflicts_with_all = ["historical", "script"])]
    pub watch: Option<String>,
    /// Replay your side's actions from a RON script instead of asking.
    #[arg(long, conflicts_with = "historical")]
    pub script: Option<PathBuf>,
    /// Replay the scenario's historical path for both sides.
    #[arg(long)]
    pub historical: bool,
    /// Print the final report as JSON on stdout (the game's text goes to stderr).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct SimulateArgs {
    /// Bundled scenario id or path to a .ron file.
    #[arg(long, short = 's')]
    pub scenario: String,
    /// Number of games; game i uses seed + i.
    #[arg(long, default_value_t = 1000)]
    pub games: u64,
    /// Seed: a number or a class's seed code (like BC9Y5T).
    #[arg(long, default_value = "1", value_parser = backchannel::seed::parse)]
    pub seed: u64,
    /// Policy for every side (`ai`, `secret`, `official`, `passive`, `random`,
    /// `escalate`, `rush`, `stall`, `historical`), or `PARTY=POLICY`; repeat for each side.
    #[arg(long = "policy", default_value = "ai")]
    pub policies: Vec<String>,
    /// Worker threads (default: every core; results do not depend on it).
    #[arg(long)]
    pub threads: Option<usize>,
    #[arg(long)]
    pub json: bool,
}

/// For commands that print to a pipe (`backchannel simulate | head`): a closed pipe
/// ends the program quietly, as it does other command-line tools, instead of a panic
/// inside `println!`. Not for the desktop game or anything that talks on sockets.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the default action of one signal, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Run the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    if cli.command.is_some() {
        quiet_on_closed_pipe();
    }
    match cli.command {
        #[cfg(feature = "gui")]
        None if !cli.terminal => backchannel::ui::run_desktop(backchannel::ui::DesktopOptions {
            screenshots: cli.screenshots,
        }),
        None => play::start_menu(),
        Some(Command::List) => {
            author::list();
            ExitCode::SUCCESS
        }
        Some(Command::Validate {
            files,
            json,
            history_seeds,
        }) => author::validate(&files, json, history_seeds),
        Some(Command::NewScenario { name, title, dir }) => {
            author::new_scenario(&name, title.as_deref(), dir.as_deref())
        }
        Some(Command::Play(args)) => play::run(&args),
        Some(Command::Report { files, out }) => play::class_report(&files, &out),
        #[cfg(feature = "serve")]
        Some(Command::Serve(args)) => serve::run(&args),
        #[cfg(feature = "serve")]
        Some(Command::LoadTest(args)) => serve::load_test(&args),
        Some(Command::Simulate(args)) => simulate::run(&args),
        Some(Command::Experiment(args)) => experiment(&args),
        Some(Command::Bench(args)) => bench::run(&args),
        Some(Command::Balance(args)) => balance::run(&args),
    }
}

fn experiment(args: &ExperimentArgs) -> ExitCode {
    let scen = match bundled::resolve(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if !(10..=100_000).contains(&args.games) {
        eprintln!("error: --games must be from 10 to 100000");
        return ExitCode::FAILURE;
    }
    let names: Vec<&str> = if args.name == "all" {
        backchannel::experiment::NAMES.iter().map(|n| n.0).collect()
    } else {
        vec![args.name.as_str()]
    };
    let threads = args.threads.unwrap_or_else(backchannel::batch::all_cores);
    for name in names {
        let start = std::time::Instant::now();
        match backchannel::experiment::run(name, &scen, args.games, args.seed, threads) {
            Ok(e) => {
                // Every arm plays `--games` games (some experiments count only a part).
                let games = 2 * args.games;
                let seconds = start.elapsed().as_secs_f64();
                println!(
                    "{}  {games} games in {seconds:.2} s: {:.0} games/s on {threads} thread(s)\n",
                    e.describe(),
                    games as f64 / seconds.max(1e-9)
                );
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
