// Just enough of a PNG decoder (RFC 2083, zlib) to look at a browser
// screenshot in a test: 8-bit RGB or RGBA, non-interlaced, as Chromium
// writes them.
#ifndef GONGXIN_TESTS_REPORT_PNG_IMAGE_H_
#define GONGXIN_TESTS_REPORT_PNG_IMAGE_H_

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace gongxin::testing {

struct PngImage {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<uint32_t> pixels;  // 0xRRGGBB, row by row
};

inline absl::StatusOr<PngImage> DecodePng(const std::string& file) {
  static constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
  if (file.size() < 8 || file.compare(0, 8, kSignature, 8) != 0) {
    return absl::InvalidArgumentError("not a PNG: bad signature");
  }
  auto be32 = [&](size_t at) {
    return (uint32_t{static_cast<uint8_t>(file[at])} << 24) |
           (uint32_t{static_cast<uint8_t>(file[at + 1])} << 16) |
           (uint32_t{static_cast<uint8_t>(file[at + 2])} << 8) |
           uint32_t{static_cast<uint8_t>(file[at + 3])};
  };
  PngImage img;
  int channels = 0;
  std::string idat;
  for (size_t at = 8; at + 12 <= file.size();) {
    const uint32_t length = be32(at);
    const std::string type = file.substr(at + 4, 4);
    if (at + 12 + length > file.size()) return absl::InvalidArgumentError("truncated chunk");
    const size_t data = at + 8;
    if (type == "IHDR") {
      img.width = be32(data);
      img.height = be32(data + 4);
      const int depth = static_cast<uint8_t>(file[data + 8]);
      const int colour = static_cast<uint8_t>(file[data + 9]);
      const int interlace = static_cast<uint8_t>(file[data + 12]);
      channels = colour == 2 ? 3 : colour == 6 ? 4 : 0;
      if (depth != 8 || channels == 0 || interlace != 0) {
        return absl::UnimplementedError(
            absl::StrCat("PNG depth ", depth, " colour type ", colour, " interlace ", interlace));
      }
    } else if (type == "IDAT") {
      idat.append(file, data, length);
    } else if (type == "IEND") {
      break;
    }
    at += 12 + length;
  }
  if (channels == 0) return absl::InvalidArgumentError("PNG without IHDR");
  const size_t stride = size_t{img.width} * channels;
  std::vector<uint8_t> raw((stride + 1) * img.height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()),
                 idat.size()) != Z_OK ||
      raw_size != raw.size()) {
    return absl::InvalidArgumentError("PNG image data does not inflate to its size");
  }
  // Undo the per-row filters (RFC 2083 section 6).
  std::vector<uint8_t> prev(stride, 0), row(stride);
  img.pixels.reserve(size_t{img.width} * img.height);
  for (uint32_t y = 0; y < img.height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* in = &raw[y * (stride + 1) + 1];
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<size_t>(channels) ? row[x - channels] : 0;
      const int b = prev[x];
      const int c = x >= static_cast<size_t>(channels) ? prev[x - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return absl::InvalidArgumentError(absl::StrCat("bad PNG filter ", filter));
      }
      row[x] = static_cast<uint8_t>(in[x] + predictor);
    }
    for (uint32_t x = 0; x < img.width; ++x) {
      const uint8_t* p = &row[x * channels];
      img.pixels.push_back((uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2]);
    }
    prev.swap(row);
  }
  return img;
}

}  // namespace gongxin::testing

#endif  // GONGXIN_TESTS_REPORT_PNG_IMAGE_H_
