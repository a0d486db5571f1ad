// weft public API: options of Linker::Instantiate, chiefly the budget of
// the module's start function.
//
// A start function runs inside Instantiate, before the Instance exists, so
// nothing the embedder holds could stop it: without a budget a start
// function that loops never lets Instantiate return. The budget here is
// the same as an outermost call's (call_options.h), and a start function
// stopped by it fails the instantiation:
//
//   InstantiateOptions o;
//   o.start.timeout = absl::Milliseconds(200);   // and/or o.start.fuel
//   o.interrupt = InterruptHandle::Create();     // to stop it from elsewhere
//   auto inst = linker.Instantiate(module, o);
//   // A looping start: Aborted, GetTrapCode(...) == kInterrupted,
//   // "start function func[1] <init>: deadline exceeded: interrupted ..."
//
// Plain value type; copy freely (a copied `interrupt` is the same handle).
#ifndef WEFT_INCLUDE_WEFT_INSTANTIATE_OPTIONS_H_
#define WEFT_INCLUDE_WEFT_INSTANTIATE_OPTIONS_H_

#include <optional>

#include "weft/call_options.h"
#include "weft/interrupt_handle.h"
#include "weft/limits.h"

namespace weft {

struct InstantiateOptions {
  // The new instance's limits; unset: EngineConfig::default_limits.
  std::optional<InstanceLimits> limits;

  // Budget of the start function, as for an outermost call:
  //   fuel      unset: the limits' fuel_per_call (unlimited if none too);
  //             needs a metered module (FailedPrecondition otherwise,
  //             whether or not the module has a start function).
  //   deadline  the start function is interrupted when it is reached;
  //   timeout   measured from the moment Instantiate is called (the
  //             earlier of the two counts if both are set).
  // After a successful Instantiate, Instance::remaining_fuel() is what the
  // start function left of its fuel (all of it when the module has none).
  CallOptions start;

  // Stops the start function from any thread. Must come from
  // InterruptHandle::Create() (InvalidArgument otherwise: an instance's
  // own handle stops that instance, not this instantiation). A request
  // made while no start function of this handle runs stays pending and
  // stops the next one; a request that arrives after the start function
  // has finished is dropped, never left to stop the new instance's calls.
  // One handle may serve any number of instantiations, also concurrently
  // on different Linkers: Interrupt() stops all that are running.
  std::optional<InterruptHandle> interrupt;
};

}  // namespace weft

#endif  // WEFT_INCLUDE_WEFT_INSTANTIATE_OPTIONS_H_
