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
    constexpr std::size_t kPage = 10'000;
    query.limit = kPage;
    while (true) {
        auto page = store.query(query);
        if (!page) {
            errors << "huashu " << command << ": " << page.error().message << '\n';
            return false;
        }
        for (const auto& stored : *page) visit(stored);
        if (page->size() < kPage) return true;
        query.after_event_id = page->back().event_id;
    }
}

}  // namespace huashu::cli
