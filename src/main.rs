//! The calculator in the browser: Trunk builds this binary for wasm32 and
//! `www/boot.js` starts it; it mounts the page on the document's body.

fn main() {
    yew::Renderer::<ips_equity::app::App>::new().render();
}
