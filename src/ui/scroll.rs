//! Scrolling panels: the wheel and PageUp/PageDown move them, and a panel's position
//! survives when its screen's content is built again (a move, a selection).

use std::collections::HashMap;

use bevy::prelude::*;

/// A node whose content scrolls (mouse wheel over it, or PageUp/PageDown) when it does
/// not fit, as happens with large text.
#[derive(Component, Debug, Default)]
pub struct Scrollable;

/// Names a scrollable panel within its screen, so the panel built again after a change
/// is known to be the same one and keeps the player's scroll position.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PanelKey {
    pub name: &'static str,
    /// For panels that come in a list (scenario cards, debrief tabs).
    pub index: usize,
}

impl PanelKey {
    pub const fn new(name: &'static str) -> Self {
        Self { name, index: 0 }
    }

    pub const fn nth(name: &'static str, index: usize) -> Self {
        Self { name, index }
    }
}

/// Where each keyed panel of the screen on display was scrolled to. Emptied when a
/// screen is entered, so a screen always opens at the top.
#[derive(Resource, Debug, Default)]
pub struct ScrollMemory(pub HashMap<PanelKey, Vec2>);

/// Scroll panels: the wheel scrolls the panel under the pointer, PageUp/PageDown all of them.
pub fn scroll_panels(
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    mut panels: Query<(&Interaction, &mut ScrollPosition, &ComputedNode), With<Scrollable>>,
) {
    use bevy::input::mouse::MouseScrollUnit;
    let wheel_dy: f32 = wheel
        .read()
        .map(|w| {
            -w.y * if w.unit == MouseScrollUnit::Line {
                24.0
            } else {
                1.0
            }
        })
        .sum();
    let key_dy = if keys.just_pressed(KeyCode::PageDown) {
        160.0
    } else if keys.just_pressed(KeyCode::PageUp) {
        -160.0
    } else {
        0.0
    };
    for (interaction, mut pos, node) in &mut panels {
        let dy = key_dy
            + if *interaction == Interaction::None {
                0.0
            } else {
                wheel_dy
            };
        if dy == 0.0 {
            continue;
        }
        let max = ((node.content_size().y - node.size().y) * node.inverse_scale_factor()).max(0.0);
        pos.0.y = (pos.0.y + dy).clamp(0.0, max);
    }
}

/// Note where keyed panels are scrolled to (runs before a screen's content is rebuilt).
pub fn remember_scrolls(
    panels: Query<(&PanelKey, &ScrollPosition), Changed<ScrollPosition>>,
    mut memory: ResMut<ScrollMemory>,
) {
    for (key, pos) in &panels {
        memory.0.insert(*key, pos.0);
    }
}

/// Give a panel that was just built the position its predecessor had (runs after a
/// screen's content is rebuilt).
pub fn restore_scrolls(
    mut panels: Query<(&PanelKey, &mut ScrollPosition), Added<PanelKey>>,
    memory: Res<ScrollMemory>,
) {
    for (key, mut pos) in &mut panels {
        if let Some(&at) = memory.0.get(key) {
            pos.0 = at;
        }
    }
}

/// A panel with more below than it shows is outlined, so a panel squeezed by large text
/// says that it scrolls (the wheel over it, or PageDown); the outline goes when the end
/// is in view. Runs after layout, so the outline matches the frame drawn.
pub fn mark_overflow(
    theme: Option<Res<crate::ui::theme::Theme>>,
    mut panels: Query<(&ComputedNode, &mut Outline), With<Scrollable>>,
) {
    let Some(theme) = theme else { return };
    for (node, mut outline) in &mut panels {
        let hidden_below = node.content_size.y - node.size.y - node.scroll_position.y;
        let color = if hidden_below > 2.0 {
            theme.palette.muted
        } else {
            Color::NONE
        };
        if outline.color != color {
            outline.color = color;
        }
    }
}
