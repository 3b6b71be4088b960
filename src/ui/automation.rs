//! A scripted tour of every screen that saves a PNG of each: the screenshot test and
//! the pictures in docs/screenshots come from here. It drives the app only through
//! the same [`Command`]s a player sends.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::winit::WinitSettings;

use super::Command;
use super::session::{Opponent, Session};
use crate::game::Game;
use crate::scenario::schema::ActionKind;

/// Adds the tour: every screen, one PNG each, then quit.
pub struct ScreenshotTour {
    pub dir: PathBuf,
}

#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    step: usize,
    wait: u32,
    captured: bool,
}

/// Frames to let a screen settle (layout, fonts) before and after a capture.
const SETTLE: u32 = 12;

impl Plugin for ScreenshotTour {
    fn build(&self, app: &mut App) {
        std::fs::create_dir_all(&self.dir).ok();
        app.insert_resource(WinitSettings::continuous())
            .insert_resource(Tour {
                dir: self.dir.clone(),
                step: 0,
                wait: SETTLE * 2,
                captured: false,
            })
            .add_systems(Update, tour.before(super::commands::run_commands));
    }
}

/// The steps: what to do, then the file to capture once the screen has settled.
fn step_action(
    step: usize,
    out: &mut MessageWriter<Command>,
    world_cmds: &mut Commands,
) -> Option<&'static str> {
    Some(match step {
        0 => "01-title.png",
        1 => {
            out.write(Command::NewGame);
            "02-picker.png"
        }
        2 => {
            out.write(Command::PickScenario(1));
            out.write(Command::SetOpponent(Opponent::SecondPlayer));
            "03-setup.png"
        }
        3 => {
            out.write(Command::StartGame);
            "04-briefing.png"
        }
        4 => {
            out.write(Command::Go(super::Screen::Table));
            out.write(Command::Begin(ActionKind::OpenChannel));
            out.write(Command::Pick("rfk".into()));
            out.write(Command::Pick("dobrynin".into()));
            out.write(Command::Pick("-".into()));
            out.write(Command::Pick("face".into()));
            out.write(Command::SelectChannel(3));
            out.write(Command::EditorChange(1));
            out.write(Command::EditorMove(3));
            out.write(Command::EditorSecret);
            "05-table.png"
        }
        5 => {
            out.write(Command::Begin(ActionKind::Brief));
            "06-table-choosing.png"
        }
        6 => {
            out.write(Command::CancelDraft);
            out.write(Command::EndTurn);
            "07-handover.png"
        }
        7 => {
            // A finished game for the debrief: history replayed on a fixed seed.
            let scen = crate::bundled::resolve("cuba_1962").expect("bundled scenario");
            let mut g = Game::historical(scen, 3);
            g.play_out();
            world_cmds.insert_resource(Session::around(g, None));
            out.write(Command::Go(super::Screen::Debrief));
            "08-debrief.png"
        }
        8 => {
            out.write(Command::DebriefTab(1));
            "09-debrief-charts.png"
        }
        9 => {
            out.write(Command::DebriefTab(2));
            "10-debrief-ideas.png"
        }
        10 => {
            out.write(Command::Go(super::Screen::Settings));
            "11-settings.png"
        }
        11 => {
            out.write(Command::Go(super::Screen::Load));
            "12-load.png"
        }
        12 => {
            // Esc at the table: the question before leaving (the game is saved first).
            let scen = crate::bundled::resolve("oslo_1993").expect("bundled scenario");
            let g = Game::new(
                scen,
                7,
                &[
                    crate::game::Controller::Human,
                    crate::game::Controller::Ai(crate::ai::Policy::Adaptive),
                ],
            );
            let mut s = Session::around(g, None);
            s.briefed = vec![true; s.humans.len()];
            world_cmds.insert_resource(s);
            out.write(Command::Go(super::Screen::Table));
            out.write(Command::AskLeave);
            "13-table-leaving.png"
        }
        13 => {
            // Oslo on turn 4: Norway's proposal on the table.
            let scen = crate::bundled::resolve("oslo_1993").expect("bundled scenario");
            let mut g = Game::new(
                scen,
                7,
                &[
                    crate::game::Controller::Human,
                    crate::game::Controller::Ai(crate::ai::Policy::Adaptive),
                ],
            );
            for _ in 0..3 {
                g.end_turn();
            }
            let mut s = Session::around(g, None);
            s.briefed = vec![true; s.humans.len()];
            world_cmds.insert_resource(s);
            out.write(Command::Go(super::Screen::Table));
            "14-table-mediator.png"
        }
        14 => {
            // One's own scenario broken while it is played: every problem at the table.
            let (name, text) = crate::bundled::BUNDLED[0];
            let broken = text.replacen("deadline: 6", "deadline: 0", 1).replacen(
                "id: \"arvenland\"",
                "id: \"Arvenland\"",
                1,
            );
            let path = std::path::Path::new("mine.ron");
            let scen = crate::bundled::resolve("tutorial").expect("bundled scenario");
            let g = Game::new(
                scen,
                7,
                &[
                    crate::game::Controller::Human,
                    crate::game::Controller::Human,
                ],
            );
            let mut s = Session::around(g, None);
            s.briefed = vec![true; s.humans.len()];
            if let Err(e) = crate::scenario::load_bytes(path, broken.as_bytes()) {
                s.reload_problems = super::reload::problems(path, &e);
            }
            let _ = name;
            world_cmds.insert_resource(s);
            out.write(Command::Go(super::Screen::Table));
            "15-table-reload-problems.png"
        }
        15 | 16 => {
            // A person in Norway's seat in Oslo, on turn 4, after a proposal on turn 3.
            let scen = crate::bundled::resolve("oslo_1993").expect("bundled scenario");
            let ai = crate::game::Controller::Ai(crate::ai::Policy::Adaptive);
            let mut g = Game::new(scen, 7, &[ai, ai, crate::game::Controller::Human]);
            g.end_turn();
            g.end_turn();
            if let Ok(def) = crate::sim::actions::grammar::proposal(
                "propose who_negotiates=plo_direct first_step=gaza_jericho permanent_status=defer jerusalem=east_jerusalem_votes recognition=mutual_letters pay plo=0.03 israel=0.02",
            ) {
                let _ = g.propose(def);
            }
            g.end_turn();
            let mut s = Session::around(g, None);
            s.payments = vec![0.01, 0.02];
            if step == 16 {
                s.briefed = vec![true; s.humans.len()];
                world_cmds.insert_resource(s);
                out.write(Command::Go(super::Screen::Table));
                "17-mediator-table.png"
            } else {
                world_cmds.insert_resource(s);
                out.write(Command::Go(super::Screen::Briefing));
                "16-mediator-briefing.png"
            }
        }
        _ => return None,
    })
}

fn tour(
    mut commands: Commands,
    mut state: ResMut<Tour>,
    mut out: MessageWriter<Command>,
    mut exit: MessageWriter<AppExit>,
    mut pending: Local<Option<&'static str>>,
) {
    if state.wait > 0 {
        state.wait -= 1;
        return;
    }
    if let Some(name) = pending.take() {
        if !state.captured {
            let path = state.dir.join(name);
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path));
            state.captured = true;
            state.wait = SETTLE;
            *pending = Some(name);
            return;
        }
        state.captured = false;
        state.step += 1;
    }
    match step_action(state.step, &mut out, &mut commands) {
        Some(name) => {
            *pending = Some(name);
            state.wait = SETTLE;
        }
        None => {
            exit.write(AppExit::Success);
        }
    }
}
