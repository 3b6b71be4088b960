//! One game as a whole: a headless Bevy app with the simulation, driven turn by turn.
//!
//! The terminal, the batch runner, tests and (later) the desktop UI all play through
//! this type, so they share one set of rules.

use std::sync::Arc;

use bevy::prelude::*;

use crate::report::Report;
use crate::scenario::Scenario;
use crate::sim::actions::{Action, ActionRequest, ActionResolved};
use crate::sim::components::*;
use crate::sim::outcome::{Outcome, OutcomeRes};
use crate::sim::{SimPlugin, TurnStep, setup_game};

/// One step a person (or test) took, recorded so a game can be saved as its seed
/// and steps and rebuilt exactly by replaying them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Step {
    Act { party: usize, action: Action },
    EndTurn,
}

/// A game in progress: the simulation's `World`, with the schedules `SimPlugin` put in it.
///
/// It owns a `World` rather than an `App` so it is `Send + Sync` and can live in a
/// desktop app's resource.
pub struct Game {
    world: World,
    seed: u64,
    scenario: Arc<Scenario>,
    controllers: Vec<Controller>,
    steps: Vec<Step>,
}

impl Game {
    /// A new game; `controllers` says who plays each party, in scenario order.
    pub fn new(scenario: Arc<Scenario>, seed: u64, controllers: &[Controller]) -> Self {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, SimPlugin));
        app.finish();
        app.cleanup();
        let mut world = std::mem::take(app.world_mut());
        setup_game(&mut world, scenario.clone(), seed, controllers);
        world.run_schedule(TurnStep::Open);
        Self {
            world,
            seed,
            scenario,
            controllers: controllers.to_vec(),
            steps: Vec::new(),
        }
    }

    /// A game that replays the scenario's historical path for both sides.
    pub fn historical(scenario: Arc<Scenario>, seed: u64) -> Self {
        let script = scenario
            .historical
            .as_ref()
            .map(|h| h.actions.clone())
            .unwrap_or_default();
        let mut steps = Vec::new();
        for a in script {
            if let Some(p) = scenario.party_index(&a.party) {
                steps.push((a.turn, p, a.action));
            }
        }
        let n = scenario.parties.len();
        let mut game = Self::new(scenario, seed, &vec![Controller::Script; n]);
        game.world.resource_mut::<Script>().0 = steps;
        game
    }

    /// Load scripted actions for parties controlled by [`Controller::Script`].
    pub fn set_script(&mut self, steps: Vec<(u32, usize, Action)>) {
        self.world.resource_mut::<Script>().0 = steps;
    }

    /// Send one action for `party` now; returns what happened or why it was refused.
    pub fn act(&mut self, party: usize, action: Action) -> Result<String, String> {
        self.steps.push(Step::Act {
            party,
            action: action.clone(),
        });
        let world = &mut self.world;
        world.write_message(ActionRequest { party, action });
        world.run_schedule(TurnStep::Act);
        world
            .resource_mut::<Messages<ActionResolved>>()
            .drain()
            .last()
            .map(|r| r.result)
            .unwrap_or_else(|| Err("the action was not processed".into()))
    }

    /// End the current turn: the other phases run, then the next turn is briefed.
    pub fn end_turn(&mut self) {
        if self.is_finished() {
            return;
        }
        self.steps.push(Step::EndTurn);
        let world = &mut self.world;
        world.run_schedule(TurnStep::Close);
        if !world.resource::<TurnClock>().finished {
            world.run_schedule(TurnStep::Open);
        }
    }

    /// Play turns until the game ends (computer and scripted sides act on their own).
    pub fn play_out(&mut self) {
        let limit = self.scenario.deadline + 2;
        for _ in 0..limit {
            if self.is_finished() {
                break;
            }
            self.end_turn();
        }
    }

    pub fn is_finished(&self) -> bool {
        self.world.resource::<TurnClock>().finished
    }

    pub fn turn(&self) -> u32 {
        self.world.resource::<TurnClock>().turn
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.world.resource::<OutcomeRes>().0.as_ref()
    }

    /// Read access to the simulation state, for displays and tests.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Write access, for tests that set up situations directly.
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Who plays each party.
    pub fn controllers(&self) -> &[Controller] {
        &self.controllers
    }

    /// Every step taken through [`Game::act`] and [`Game::end_turn`], in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Rebuild a game by replaying recorded steps (how saves are loaded).
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        controllers: &[Controller],
        steps: &[Step],
    ) -> Self {
        let mut game = Self::new(scenario, seed, controllers);
        for step in steps {
            match step {
                Step::Act { party, action } => {
                    let _ = game.act(*party, action.clone());
                }
                Step::EndTurn => game.end_turn(),
            }
        }
        game
    }

    /// The final (or current) report, seen from `side` if given.
    pub fn report(&self, side: Option<usize>) -> Report {
        Report::from_game(self, side)
    }
}
