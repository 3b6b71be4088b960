//! One game as a whole: a headless Bevy app with the simulation, driven turn by turn.
//!
//! The terminal, the batch runner, tests and (later) the desktop UI all play through
//! this type, so they share one set of rules.

use std::sync::Arc;

use bevy::prelude::*;

use crate::ai::{AiPlugin, Policy};
use crate::scenario::Scenario;
use crate::sim::actions::mediation::ProposalDef;
use crate::sim::actions::{Action, ActionRequest, ActionResolved};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, Refusal};
use crate::sim::outcome::{Outcome, OutcomeRes};
use crate::sim::view::{MediatorView, SideView};
use crate::sim::{SimPlugin, TurnStep, setup_game_in};

/// Who plays a party: a person, a built-in computer policy, or a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Controller {
    /// Actions come from outside (terminal, desktop UI, tests).
    Human,
    /// A built-in policy picks actions in the counterpart phase.
    Ai(Policy),
    /// Actions come from a script (historical path or `--script`).
    Script,
}

impl Controller {
    /// The seat the rules see.
    pub fn seat(self) -> Seat {
        match self {
            Controller::Human => Seat::Human,
            Controller::Ai(_) => Seat::Computer,
            Controller::Script => Seat::Script,
        }
    }
}

/// The parties played by people, in scenario order.
pub fn humans(controllers: &[Controller]) -> Vec<usize> {
    (0..controllers.len())
        .filter(|&p| controllers[p] == Controller::Human)
        .collect()
}

/// One step a person (or test) took, recorded so a game can be saved as its seed
/// and steps and rebuilt exactly by replaying them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Step {
    Act {
        party: usize,
        action: Action,
    },
    EndTurn,
    /// The instructor fired one of the scenario's events now (classroom server).
    Inject {
        event: usize,
    },
    /// The instructor put a press story into the game (classroom server).
    Press {
        headline: String,
    },
    /// The person in the mediator's seat put a package to both sides.
    Propose(ProposalDef),
}

/// The schedules of a turn's steps (see [`TurnStep`]), owned by the game.
struct TurnSchedules {
    open: Schedule,
    act: Schedule,
    close: Schedule,
}

impl TurnSchedules {
    fn take_from(world: &mut World) -> Self {
        let mut schedules = world.resource_mut::<Schedules>();
        let mut take = |step: TurnStep| {
            schedules
                .remove(step)
                .expect("SimPlugin adds a schedule for every step of a turn")
        };
        TurnSchedules {
            open: take(TurnStep::Open),
            act: take(TurnStep::Act),
            close: take(TurnStep::Close),
        }
    }
}

/// Longest press story an instructor may put into a game.
pub const MAX_HEADLINE: usize = 280;

/// A game in progress: the simulation's `World`, with the schedules `SimPlugin` put in it.
///
/// It owns a `World` rather than an `App` so it is `Send + Sync` and can live in a
/// desktop app's resource.
pub struct Game {
    world: World,
    /// The turn's schedules, taken out of the world once: a schedule the world keeps
    /// is taken out and put back each time it runs (about 3 % of a batch game).
    schedules: TurnSchedules,
    seed: u64,
    scenario: Arc<Scenario>,
    controllers: Vec<Controller>,
    /// Who sits in the mediator's seat (the computer unless a person was seated).
    mediator: Controller,
    steps: Vec<Step>,
}

impl Game {
    /// A new game; `controllers` says who plays each party, in scenario order, and then
    /// (optionally) who sits in the mediator's seat.
    pub fn new(scenario: Arc<Scenario>, seed: u64, controllers: &[Controller]) -> Self {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, SimPlugin, AiPlugin));
        app.finish();
        app.cleanup();
        let mut world = std::mem::take(app.world_mut());
        let schedules = TurnSchedules::take_from(&mut world);
        let mut game = Self {
            world,
            schedules,
            seed,
            scenario: scenario.clone(),
            controllers: Vec::new(),
            mediator: Controller::Ai(Policy::Adaptive),
            steps: Vec::new(),
        };
        let seating = Self::seating(&scenario, controllers);
        game.begin(scenario, seed, seating, None);
        game
    }

    /// Start a new game in this game's world: the same as [`Game::new`] with these
    /// arguments, byte for byte, without building the world and its schedules again
    /// (what batches of games do between games).
    pub fn reset(&mut self, scenario: Arc<Scenario>, seed: u64, controllers: &[Controller]) {
        // Resources are entities too: despawn only what the last game spawned. When the
        // scenario and who plays it are the last game's, its parties, negotiators,
        // go-betweens, groups and scenario channels are kept, to be given this game's
        // components (the same components: no entity changes table, so every table
        // lists them in the order a fresh world would); offers and channels opened in
        // play are despawned.
        let mut r = std::mem::take(&mut *self.world.resource_mut::<Roster>());
        let seating = Self::seating(&scenario, controllers);
        let same = Arc::ptr_eq(&self.scenario, &scenario)
            && seating.0 == self.controllers
            && seating.1 == self.mediator;
        let kept = same.then(|| {
            let opened = r
                .channels
                .split_off(scenario.channels.len().min(r.channels.len()));
            Roster {
                parties: std::mem::take(&mut r.parties),
                negotiators: std::mem::take(&mut r.negotiators),
                intermediaries: std::mem::take(&mut r.intermediaries),
                stakeholders: std::mem::take(&mut r.stakeholders),
                channels: std::mem::replace(&mut r.channels, opened),
                offers: Vec::new(),
            }
        });
        for e in [
            r.parties,
            r.negotiators,
            r.intermediaries,
            r.stakeholders,
            r.channels,
            r.offers,
        ]
        .into_iter()
        .flatten()
        {
            self.world.despawn(e);
        }
        // The world keeps a note of every component removed (for `RemovedComponents`)
        // until its trackers are cleared, which an app does each frame and a game
        // driven by hand must do itself: left alone, a batch of a million games would
        // hold gigabytes of notes no rule reads.
        self.world.clear_trackers();
        self.begin(scenario, seed, seating, kept);
    }

    /// Who plays each party and who sits in the mediator's seat, from the controllers a
    /// game is started with (as [`Game::controllers`] and [`Game::mediator`] give them).
    fn seating(scenario: &Scenario, controllers: &[Controller]) -> (Vec<Controller>, Controller) {
        let n = scenario.parties.len();
        let mediator = controllers
            .get(n)
            .copied()
            .filter(|_| scenario.mediator.is_some())
            .unwrap_or(Controller::Ai(Policy::Adaptive));
        (controllers[..controllers.len().min(n)].to_vec(), mediator)
    }

    /// Set up a game in the world: its entities and resources, who plays each seat
    /// (as [`Game::seating`] gives it), and the first turn's briefing.
    fn begin(
        &mut self,
        scenario: Arc<Scenario>,
        seed: u64,
        (controllers, mediator): (Vec<Controller>, Controller),
        kept: Option<Roster>,
    ) {
        let n = scenario.parties.len();
        let world = &mut self.world;
        let mut seats: Vec<Seat> = controllers.iter().map(|c| c.seat()).collect();
        seats.resize(n, Seat::Computer);
        seats.push(mediator.seat());
        setup_game_in(world, scenario.clone(), seed, &seats, kept);
        let parties = world.resource::<Roster>().parties.clone();
        for (i, e) in parties.into_iter().enumerate() {
            // Sides without a controller are played by the adaptive computer.
            if let Controller::Ai(policy) = controllers
                .get(i)
                .copied()
                .unwrap_or(Controller::Ai(Policy::Adaptive))
            {
                world.entity_mut(e).insert(policy);
            }
        }
        self.schedules.open.run(world);
        self.seed = seed;
        self.scenario = scenario;
        self.controllers = controllers;
        self.mediator = mediator;
        self.steps.clear();
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

    /// Send one action for `party` now; returns what happened or why it was refused
    /// (both are also recorded in the chronicle).
    pub fn act(&mut self, party: usize, action: Action) -> Result<EventKind, Refusal> {
        self.steps.push(Step::Act {
            party,
            action: action.clone(),
        });
        let world = &mut self.world;
        world.write_message(ActionRequest { party, action });
        self.schedules.act.run(world);
        world
            .resource_mut::<Messages<ActionResolved>>()
            .drain()
            .last()
            .map(|r| r.result)
            .expect("the Act schedule answers every request")
    }

    /// Put a package to both sides from the mediator's seat (a person must sit there);
    /// returns the proposal made, or why it was refused (refusals change nothing).
    pub fn propose(&mut self, proposal: ProposalDef) -> Result<EventKind, Refusal> {
        self.steps.push(Step::Propose(proposal.clone()));
        if self.scenario.mediator.is_none() {
            return Err(Refusal::NoMediator);
        }
        if self.mediator != Controller::Human {
            return Err(Refusal::MediatorIsComputer);
        }
        crate::sim::actions::mediation::put_proposal(&mut self.world, &proposal)
    }

    /// End the current turn: the other phases run, then the next turn is briefed.
    pub fn end_turn(&mut self) {
        if !self.is_finished() {
            self.close_and_open();
        }
    }

    /// [`Game::end_turn`] of a game not over; returns whether it is over now (only the
    /// closing phases and actions end a game: opening a turn never does).
    fn close_and_open(&mut self) -> bool {
        self.steps.push(Step::EndTurn);
        let world = &mut self.world;
        self.schedules.close.run(world);
        let finished = world.resource::<TurnClock>().finished;
        if !finished {
            self.schedules.open.run(world);
            debug_assert!(!self.is_finished(), "opening a turn does not end the game");
        }
        finished
    }

    /// Fire the scenario's event `event` now, whatever its turn and condition (the
    /// instructor's hand in a classroom game). Refused once the game is over.
    pub fn inject(&mut self, event: usize) -> Result<(), String> {
        if self.is_finished() {
            return Err("the game is over".into());
        }
        if event >= self.scenario.events.len() {
            return Err(format!(
                "event {event} does not exist; the scenario has {}",
                self.scenario.events.len()
            ));
        }
        self.steps.push(Step::Inject { event });
        crate::sim::phases::briefing::fire(&mut self.world, event);
        Ok(())
    }

    /// Put a press story into the game: both sides read it, and scrutiny rises.
    pub fn press(&mut self, headline: &str) -> Result<(), String> {
        let headline = headline.trim();
        if self.is_finished() {
            return Err("the game is over".into());
        }
        if headline.is_empty() || headline.chars().count() > MAX_HEADLINE {
            return Err(format!("a press story has 1 to {MAX_HEADLINE} characters"));
        }
        self.steps.push(Step::Press {
            headline: headline.to_string(),
        });
        crate::sim::phases::briefing::press(&mut self.world, headline);
        Ok(())
    }

    /// Play turns until the game ends (computer and scripted sides act on their own).
    pub fn play_out(&mut self) {
        let limit = self.scenario.deadline + 2;
        if self.is_finished() {
            return;
        }
        for _ in 0..limit {
            if self.close_and_open() {
                break;
            }
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

    /// What `side` may see of the table now: the one read model front-ends render.
    pub fn view(&self, side: usize) -> SideView {
        SideView::build(&self.world, side)
    }

    /// What the mediator may see of the table now (the one read model of its seat).
    pub fn mediator_view(&self) -> MediatorView {
        MediatorView::build(&self.world)
    }

    /// Every event so far (everything, for the debrief and tests).
    pub fn chronicle(&self) -> &Chronicle {
        self.world.resource::<Chronicle>()
    }

    /// A hash of everything that has happened: two games with the same fingerprint
    /// told the same story. Saves carry it, so a save whose seed or steps were changed
    /// is noticed when it is replayed.
    pub fn fingerprint(&self) -> u64 {
        let json = serde_json::to_vec(&self.chronicle().events)
            .expect("events contain only serialisable data");
        crate::scenario::model::fnv1a(&json)
    }

    /// The result of an action in words, as the transcript would put it.
    pub fn describe(&self, party: usize, result: &Result<EventKind, Refusal>) -> String {
        crate::narrate::result_line(&self.scenario, self.chronicle(), party, result)
    }

    /// The result of a proposal from the mediator's seat in words: the proposal as the
    /// record puts it, or why it was refused.
    pub fn describe_proposal(&self, result: &Result<EventKind, Refusal>) -> String {
        match result {
            Ok(event) => {
                let chron = self.chronicle();
                chron
                    .events
                    .iter()
                    .rev()
                    .find(|e| e.kind == *event)
                    .map(|e| crate::narrate::line(&self.scenario, chron, e))
                    .unwrap_or_default()
            }
            Err(r) => crate::narrate::refusal(&self.scenario, r),
        }
    }

    /// Keep (the default) or drop the end-of-turn snapshots the debrief charts, for this
    /// game and the games it is reset to: no rule reads them, so a batch nobody charts
    /// plays the same games without them.
    pub fn keep_snapshots(&mut self, keep: bool) {
        self.world.insert_resource(KeepSnapshots(keep));
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

    /// Who sits in the mediator's seat.
    pub fn mediator(&self) -> Controller {
        self.mediator
    }

    /// Who plays each party, then the mediator when a person sits in its seat: the
    /// list saves and class codes carry, and [`Game::new`] takes back.
    pub fn seats(&self) -> Vec<Controller> {
        let mut all = self.controllers.clone();
        if self.mediator == Controller::Human {
            all.push(Controller::Human);
        }
        all
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
                Step::Inject { event } => {
                    let _ = game.inject(*event);
                }
                Step::Press { headline } => {
                    let _ = game.press(headline);
                }
                Step::Propose(p) => {
                    let _ = game.propose(p.clone());
                }
            }
        }
        game
    }
}
