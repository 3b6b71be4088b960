//! Colours, text sizes and small widget constructors shared by every screen.

use bevy::prelude::*;

use super::scroll::{PanelKey, Scrollable};

/// Colours of the interface. Two palettes: the default one, and one safe for the
/// common forms of colour blindness (blue/orange instead of green/red).
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: Color,
    pub panel: Color,
    pub panel_alt: Color,
    pub text: Color,
    pub muted: Color,
    pub accent: Color,
    pub good: Color,
    pub bad: Color,
    pub warn: Color,
    pub button: Color,
    pub button_hover: Color,
    pub official: Color,
    pub secret: Color,
}

impl Palette {
    pub fn standard() -> Self {
        Self {
            background: Color::srgb(0.07, 0.08, 0.10),
            panel: Color::srgb(0.12, 0.13, 0.16),
            panel_alt: Color::srgb(0.16, 0.17, 0.21),
            text: Color::srgb(0.93, 0.93, 0.90),
            muted: Color::srgb(0.68, 0.69, 0.72),
            accent: Color::srgb(0.95, 0.76, 0.35),
            good: Color::srgb(0.45, 0.80, 0.50),
            bad: Color::srgb(0.92, 0.42, 0.38),
            warn: Color::srgb(0.95, 0.70, 0.30),
            button: Color::srgb(0.20, 0.22, 0.28),
            button_hover: Color::srgb(0.30, 0.33, 0.42),
            official: Color::srgb(0.62, 0.70, 0.85),
            secret: Color::srgb(0.95, 0.76, 0.35),
        }
    }

    /// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
    pub fn colour_blind() -> Self {
        Self {
            good: Color::srgb(0.34, 0.71, 0.91),
            bad: Color::srgb(0.90, 0.62, 0.00),
            warn: Color::srgb(0.94, 0.89, 0.26),
            official: Color::srgb(0.34, 0.71, 0.91),
            secret: Color::srgb(0.90, 0.62, 0.00),
            accent: Color::srgb(0.94, 0.89, 0.26),
            ..Self::standard()
        }
    }
}

/// The look in force: palette, text scale and the bundled font.
#[derive(Resource, Debug, Clone)]
pub struct Theme {
    pub palette: Palette,
    pub scale: f32,
    /// DejaVu Sans, compiled into the binary (covers accents, dashes and arrows).
    pub font: Handle<Font>,
}

/// The bundled font, so the game needs no asset folder at run time.
pub use crate::FONT_BYTES;

impl Theme {
    /// A font of `size` logical pixels at 100 % text size.
    pub fn font(&self, size: f32) -> TextFont {
        TextFont {
            font: self.font.clone().into(),
            font_size: FontSize::Px(size * self.scale),
            ..default()
        }
    }

    pub fn text(&self, s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
        (Text::new(s), self.font(size), TextColor(color))
    }

    pub fn body(&self, s: impl Into<String>) -> impl Bundle {
        self.text(s, 15.0, self.palette.text)
    }

    pub fn muted(&self, s: impl Into<String>) -> impl Bundle {
        self.text(s, 13.0, self.palette.muted)
    }

    pub fn heading(&self, s: impl Into<String>) -> impl Bundle {
        self.text(s, 20.0, self.palette.accent)
    }

    pub fn title(&self, s: impl Into<String>) -> impl Bundle {
        self.text(s, 40.0, self.palette.accent)
    }
}

/// A vertical panel with padding and a background; its content scrolls, and `key`
/// keeps its scroll position when the screen is built again.
pub fn panel(theme: &Theme, key: PanelKey, width: Val) -> impl Bundle {
    panel_with(theme, key, panel_node(width))
}

fn panel_node(width: Val) -> Node {
    Node {
        width,
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(10)),
        row_gap: px(4),
        overflow: Overflow::scroll_y(),
        ..default()
    }
}

fn panel_with(theme: &Theme, key: PanelKey, node: Node) -> impl Bundle {
    (
        node,
        BackgroundColor(theme.palette.panel),
        Scrollable,
        key,
        ScrollPosition::default(),
        Interaction::None,
        // Drawn only while the panel has more below than it shows (see `mark_overflow`).
        Outline::new(px(2), px(0), Color::NONE),
    )
}

/// A full-width panel under the table (an action's choices, a question): it keeps its
/// content's height, up to about half the window at large text sizes, then scrolls;
/// the panels above give way instead.
pub fn bar_panel(theme: &Theme, key: PanelKey) -> impl Bundle {
    panel_with(
        theme,
        key,
        Node {
            flex_shrink: 0.0,
            max_height: percent(55),
            ..panel_node(percent(100))
        },
    )
}

/// A row of children laid out left to right.
pub fn row(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(gap),
        align_items: AlignItems::Center,
        flex_wrap: FlexWrap::Wrap,
        ..default()
    }
}

/// A column of children.
pub fn column(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(gap),
        ..default()
    }
}
