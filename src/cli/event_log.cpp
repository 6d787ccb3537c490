#include "event_log.h"

#include <filesystem>
#include <ostream>

namespace huashu::cli {

std::unique_ptr<storage::EventStore> open_existing_event_log(const std::string& path, const std::string& command,
                                                            std::ostream& errors) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        errors << "huashu " << command << ": " << path << " does not exist (pass --db FILE)\n";
        return nullptr;
    }
    auto store = storage::open_sqlite_event_store(path);
    if (!store) {
        errors << "huashu " << command << ": " << store.error().message << '\n';
        return nullptr;
    }
    return std::move(*store);
}

bool for_each_event(const storage::EventStore& store, storage::EventQuery query,
                    const std::function<void(const storage::StoredEvent&)>& visit, const std::string& command,
                    std::ostream& errors) {
    const Status read = storage::for_each_event(store, std::move(query), visit);
    if (!read) errors << "huashu " << command << ": " << read.error().message << '\n';
    return read.ok();
}

}  // namespace huashu::cli
