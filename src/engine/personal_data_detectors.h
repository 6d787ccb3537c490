// The draft lint's built-in detectors (`detect = …` in a [forbidden] rule): a buyer's phone
// number, ID number, street address or e-mail address written out in a draft. Phrases cannot describe these:
// what identifies a person is the shape of the digits and of the address, not a word.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "huashu/phrasebook/phrasebook.h"

namespace huashu::engine {

struct DetectedSpan {
    std::size_t begin = 0;  // byte offsets into the normalised text
    std::size_t end = 0;
};

// Mainland mobiles (13812345678, 138 1234 5678, +86 …) and Taiwan mobiles (0912-345-678); not
// order or tracking numbers, hotlines or landlines.
std::vector<DetectedSpan> find_mobile_numbers(std::string_view normalised);
// Mainland IDs (18 characters, or the old 15 digits) with a plausible birth date, Taiwan IDs
// (a123456789) and Hong Kong IDs (a123456(3)).
std::vector<DetectedSpan> find_id_card_numbers(std::string_view normalised);
// A street with a house number (文三路369号, 忠孝东路四段100号5楼) or a building with its unit or
// room (5栋2单元301); a district alone is not an address that identifies a home.
std::vector<DetectedSpan> find_street_addresses(std::string_view normalised);
// Landlines with their area code (0571-88886666, (02)2345-6789) and +852 numbers; not a local
// number alone, nor 400 and 800 hotlines.
std::vector<DetectedSpan> find_landline_numbers(std::string_view normalised);
// name@domain.tld
std::vector<DetectedSpan> find_email_addresses(std::string_view normalised);

std::vector<DetectedSpan> detect(phrasebook::Detector detector, std::string_view normalised);

}  // namespace huashu::engine
