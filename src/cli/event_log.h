// Reading an existing event log from a command: never creates one by accident.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "huashu/storage/event_store.h"

namespace huashu::cli {

// Opens the log at `path`; null, with a message naming `command` on `errors`, when the file
// does not exist or cannot be used.
std::unique_ptr<storage::EventStore> open_existing_event_log(const std::string& path, const std::string& command,
                                                            std::ostream& errors);

// Calls `visit` for every event matching `query`, in event_id order, a page at a time so that
// memory stays bounded. False, with a message on `errors`, when reading fails.
bool for_each_event(const storage::EventStore& store, storage::EventQuery query,
                    const std::function<void(const storage::StoredEvent&)>& visit, const std::string& command,
                    std::ostream& errors);

}  // namespace huashu::cli
