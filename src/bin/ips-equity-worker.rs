//! The calculator's Web Worker: it works out the Freeman-Halton exact tests,
//! which can take a second or more on a large table, away from the page's
//! thread, so that typing never waits for them.
//!
//! Messages are JSON strings. The worker says [`EXACT_WORKER_READY`] once
//! it listens; each [`ExactTestRequest`] then gets one [`ExactTestReply`]
//! with the same `id`. A message that is not a request is ignored.
//!
//! [`ExactTestRequest`]: ips_equity::analysis::ExactTestRequest
//! [`ExactTestReply`]: ips_equity::analysis::ExactTestReply

use ips_equity::analysis::{answer_exact_tests, ExactTestRequest, EXACT_WORKER_READY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = web_sys::js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        let Ok(request) = serde_json::from_str::<ExactTestRequest>(&text) else {
            return;
        };
        if let Ok(reply) = serde_json::to_string(&answer_exact_tests(&request)) {
            // A page that has gone away cannot be told.
            let _ = replies.post_message(&JsValue::from_str(&reply));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(EXACT_WORKER_READY));
}
