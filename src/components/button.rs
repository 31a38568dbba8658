//! The look of a button: `class="button button-<variant> button-<size>"`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonVariant {
    #[default]
    Primary,
    Secondary,
    Outline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonSize {
    Sm,
    #[default]
    Md,
    Lg,
}

impl ButtonVariant {
    fn class(self) -> &'static str {
        match self {
            ButtonVariant::Primary => "button-primary",
            ButtonVariant::Secondary => "button-secondary",
            ButtonVariant::Outline => "button-outline",
        }
    }
}

impl ButtonSize {
    fn class(self) -> &'static str {
        match self {
            ButtonSize::Sm => "button-sm",
            ButtonSize::Md => "button-md",
            ButtonSize::Lg => "button-lg",
        }
    }
}

/// The classes of a button with this look.
pub fn button_class(variant: ButtonVariant, size: ButtonSize, full_width: bool) -> String {
    let block = if full_width { " button-block" } else { "" };
    format!("button {} {}{block}", variant.class(), size.class())
}
