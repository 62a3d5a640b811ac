//! `#[traced("module::verb_noun")]` on a public service call (an `async fn` of the `service`
//! crate): its body runs inside `crate::trace::call`, which opens the call's span and, when the
//! body returns, records the statements it sent, the rows it returns, how long it took and the
//! kind of error, and logs the end of the call (see `service/src/trace.rs`).
//!
//! An attribute rather than a wrapper written out in each function, so that a call's body keeps
//! its indentation and its history, and adding the span to a call is one line.
use proc_macro::TokenStream;
use quote::quote;
use syn::{FnArg, ItemFn, LitStr, Pat, ReturnType, parse_macro_input};

/// Traces the call named by the attribute's string, which must end with the function's name.
/// A parameter named `actor` (an `Actor` or an `Option<Actor>`) is recorded as the span's
/// `actor` field; no other input is.
#[proc_macro_attribute]
pub fn traced(attr: TokenStream, item: TokenStream) -> TokenStream {
    let name = parse_macro_input!(attr as LitStr);
    let mut function = parse_macro_input!(item as ItemFn);
    let ident = &function.sig.ident;
    if function.sig.asyncness.is_none() {
        return syn::Error::new_spanned(&function.sig, "#[traced] is for an `async fn`")
            .to_compile_error()
            .into();
    }
    // The name is a contract operators filter on: it must say which function it is.
    if !name.value().ends_with(&format!("::{ident}")) {
        return syn::Error::new_spanned(
            &name,
            format!("the call's name must end with `::{ident}`"),
        )
        .to_compile_error()
        .into();
    }
    let actor = function.sig.inputs.iter().find_map(|arg| match arg {
        FnArg::Typed(typed) => match &*typed.pat {
            Pat::Ident(pat) if pat.ident == "actor" => Some(pat.ident.clone()),
            _ => None,
        },
        FnArg::Receiver(_) => None,
    });
    let actor = match actor {
        Some(actor) => quote!(crate::trace::ActorId::actor_id(&#actor)),
        None => quote!(::core::option::Option::None),
    };
    let output = match &function.sig.output {
        ReturnType::Type(_, ty) => quote!(#ty),
        ReturnType::Default => quote!(()),
    };
    let body = &function.block;
    // The `if false` return fixes the async block's output type to the function's, so that `?`
    // in the body converts its errors as it did in the function (tracing's `#[instrument]`
    // does the same). The body's future is boxed: nested in the span's and the tally's
    // futures, and those in a caller's, it would make every caller's future (and the stack
    // that moves it, in a debug build) larger by its size again.
    function.block = syn::parse_quote!({
        let __call_span = crate::trace::call_span!(#name);
        crate::trace::call(#name, #actor, __call_span, ::std::boxed::Box::pin(async move {
            #[allow(
                unreachable_code,
                clippy::diverging_sub_expression,
                clippy::empty_loop,
                clippy::let_unit_value
            )]
            if false {
                let __call_output: #output = loop {};
                return __call_output;
            }
            #body
        }))
        .await
    });
    quote!(#function).into()
}
