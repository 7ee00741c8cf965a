//! The calculator's Web Worker: it works out the Freeman-Halton exact tests
//! that the page could not finish at once (a large table can take a second
//! or more), away from the page's thread, so that typing never waits for
//! them. The page starts it only when a table needs it.
//!
//! Messages are plain text. The worker says [`EXACT_WORKER_READY`] once it
//! listens; each [`ExactTestRequest`] (read by [`ExactTestRequest::decode`])
//! then gets one [`ExactTestReply`] with the same `id`, written by
//! [`ExactTestReply::encode`]. A message that is not a request is ignored.
//!
//! [`ExactTestRequest`]: ips_equity::analysis::ExactTestRequest
//! [`ExactTestRequest::decode`]: ips_equity::analysis::ExactTestRequest::decode
//! [`ExactTestReply`]: ips_equity::analysis::ExactTestReply
//! [`ExactTestReply::encode`]: ips_equity::analysis::ExactTestReply::encode

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
        let Ok(request) = ExactTestRequest::decode(&text) else {
            return;
        };
        let reply = answer_exact_tests(&request).encode();
        // A page that has gone away cannot be told.
        let _ = replies.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(EXACT_WORKER_READY));
}
