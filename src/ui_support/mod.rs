//! What the views lean on that is not a view: answers that carry the key
//! they answer (`answer`), the sync loop's timing (`polling`), when the
//! page's islands are live (`hydration`), how times, prices and the domain's enums read (`time`, `money`,
//! `labels`), the microphone and camera (`media`),
//! query encoding for links (`form`), views the server makes once
//! (`render_once`) and whether the page is in sight (`visibility`).

pub mod answer;
pub mod form;
pub mod hydration;
pub mod labels;
#[cfg(feature = "hydrate")]
pub mod media;
pub mod money;
pub mod polling;
pub mod render_once;
pub mod time;
pub mod visibility;
