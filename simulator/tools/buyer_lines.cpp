#include "buyer_lines.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace huashu::simulator::tools {

const std::vector<std::string>& builtin_buyer_lines() {
    // Shaped like real chats: short, often several questions at once, some in traditional
    // script (Taiwan and Hong Kong buyers), so that the server's normaliser is exercised too.
    static const std::vector<std::string> lines = {
        "在吗",
        "你好，这款还有货吗？",
        "包邮吗？",
        "包郵嗎？",
        "今天拍什么时候发货",
        "今天拍什麼時候發貨？",
        "能便宜点吗，老板",
        "可以便宜一點嗎",
        "有优惠券吗",
        "满多少可以减",
        "我身高165体重110斤穿什么码",
        "這件衣服是什麼材質的",
        "会不会掉色",
        "发什么快递？能发顺丰吗",
        "可以改地址吗，我填错了",
        "我想改一下收貨地址",
        "我再考虑一下吧",
        "我再考慮考慮",
        "七天无理由退货吗",
        "不合適可以退嗎？",
        "怎么申请退款",
        "退款什麼時候到帳",
        "快递三天了还没动，怎么回事",
        "物流一直沒更新",
        "收到的衣服有线头，质量太差了",
        "颜色和图片不一样",
        "再不处理我就给差评了",
        "黑色和白色哪个好看",
        "好的谢谢",
        "謝謝，那我拍了",
        "包邮吗？今天拍什么时候发货",
    };
    return lines;
}

namespace {

void collect_strings(const nlohmann::json& value, std::vector<std::string>& lines) {
    if (value.is_string()) {
        lines.push_back(value.get<std::string>());
    } else if (value.is_array()) {
        for (const auto& item : value) collect_strings(item, lines);
    }
}

}  // namespace

Result<std::vector<std::string>> scenario_buyer_lines(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return make_error(ErrorCode::not_found, "scenario folder " + folder.string() + " does not exist");
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (ec) return make_error(ErrorCode::io_error, "cannot list " + folder.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());  // the seed must pick the same lines on every machine

    std::vector<std::string> lines;
    for (const auto& file : files) {
        std::ifstream in(file);
        std::stringstream contents;
        contents << in.rdbuf();
        if (!in) return make_error(ErrorCode::io_error, "cannot read " + file.string());
        const nlohmann::json scenario = nlohmann::json::parse(contents.str(), nullptr, false);
        if (scenario.is_discarded()) return make_error(ErrorCode::parse_error, file.string() + ": not valid JSON");
        const auto states = scenario.find("states");
        if (states == scenario.end() || !states->is_object()) continue;
        for (const auto& [name, state] : states->items()) {
            if (state.is_object() && state.contains("say")) collect_strings(state.at("say"), lines);
        }
    }
    std::erase_if(lines, [](const std::string& line) { return line.find_first_not_of(" \t\r\n") == std::string::npos; });
    if (lines.empty()) return make_error(ErrorCode::not_found, "no 'say' lines in the scenarios of " + folder.string());
    return lines;
}

}  // namespace huashu::simulator::tools
