// Readers and writers of images: the golden C program's files, hand-made NPY and SMV bytes, and
// one-line errors naming the file for every kind of bad input.
#include "common/golden_paths.h"

#include "nbimage/image_io.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>

using namespace nbimage;
using nbtrace::Region;

namespace {

// A little-endian float32 as 4 bytes.
std::string f32(float v) {
    std::string s(4, '\0');
    std::memcpy(s.data(), &v, 4);
    return s;
}

std::string npy_v1(const std::string& dict, const std::string& data) {
    std::string header = dict;
    while ((10 + header.size() + 1) % 64 != 0)
        header += ' ';
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    return out + header + data;
}

std::string error_of(const std::string& bytes, const std::string& name,
                     std::optional<Shape> shape = std::nullopt) {
    try {
        parse_image(bytes, name, shape);
    } catch (const ImageError& e) {
        return e.what();
    }
    return "no error";
}

const Image k2x3(Shape{2, 3}, {1, 2, 3, 4, 5, 6.5}, ElementType::float32);

} // namespace

TEST_CASE("a region on an image of a shape: full, within, is_full", "[images]") {
    // The supervisor frame: 2527 rows (slow) of 2463 columns (fast).
    const Shape frame{2527, 2463};
    CHECK(frame.to_string() == "2463 fast x 2527 slow");
    const Region full = full_region(frame);
    CHECK(full == Region{0, 2526, 0, 2462}); // inclusive: the last row is 2527 - 1
    CHECK(full.pixel_count() == 2527LL * 2463);
    CHECK(region_within(full, frame));
    CHECK(is_full_region(full, frame));
    // -roi 1029 1049 675 695 (golden/commands.txt run 2): inside, not the whole frame
    const Region roi = Region::from_roi_flag(1029, 1049, 675, 695);
    CHECK(region_within(roi, frame));
    CHECK_FALSE(is_full_region(roi, frame));
    // slow 1029..1049 lies below the last row (999) of a 1000-row frame
    CHECK_FALSE(region_within(Region{1029, 1049, 675, 695}, Shape{1000, 2463}));
    // one past the last row or column, a negative start, an empty region: not within
    CHECK_FALSE(region_within(Region{0, 2527, 0, 2462}, frame));
    CHECK_FALSE(region_within(Region{0, 2526, 0, 2463}, frame));
    CHECK_FALSE(region_within(Region{-1, 10, 0, 10}, frame));
    CHECK_FALSE(region_within(Region{5, 4, 0, 10}, frame));
    // the whole frame of an empty image is an empty region
    CHECK(full_region(Shape{0, 0}).empty());
    CHECK_FALSE(region_within(full_region(Shape{0, 0}), Shape{0, 0}));
}

TEST_CASE("the golden float image reads as raw float32 of the given shape", "[images]") {
    const auto path = (nbtest::golden_dir() / "simple_cubic" / "float.bin").string();
    const ImageFile f = read_image(path, Shape{128, 128});
    CHECK(f.format == ImageFormat::raw_float32);
    CHECK(f.image.element_type() == ElementType::float32);
    // pixel (slow 1, fast 2) is the 131st float of the file (1 * 128 + 2 = 130, 0-based)
    const std::string bytes = nbtest::read_bytes(path);
    float v;
    std::memcpy(&v, bytes.data() + 130 * 4, 4);
    CHECK(f.image.at(1, 2) == static_cast<double>(v));
    // without a shape, a raw file cannot be read; with a wrong one, its size says so
    try {
        read_image(path);
        FAIL("no error");
    } catch (const ImageError& e) {
        CHECK(e.kind() == ImageError::Kind::shape_required);
        CHECK(std::string(e.what()).rfind(path + ": ", 0) == 0);
    }
    CHECK_THROWS_WITH(read_image(path, Shape{128, 127}),
                      path + ": 65536 bytes, but raw float32 little-endian, 127 fast x 128 slow "
                             "(given) needs 65024");
}

TEST_CASE("the golden SMV int image (-intfile) reads with its header's shape", "[images]") {
    const auto dir = nbtest::golden_dir() / "simple_cubic";
    const ImageFile smv = read_image((dir / "int.img").string());
    CHECK(smv.format == ImageFormat::smv);
    CHECK(smv.image.element_type() == ElementType::uint16);
    CHECK(smv.image.shape() == Shape{128, 128});
    CHECK(smv.description == "SMV, unsigned_short little_endian, 512-byte header, 128 fast x "
                             "128 slow");
    // The C program scales the float image so that its maximum becomes 55000 and adds the ADC
    // offset 40: the int image's maximum is 55040 at the float image's maximum.
    const Image fl = read_image((dir / "float.bin").string(), Shape{128, 128}).image;
    std::size_t imax = 0, fmax = 0;
    for (std::size_t i = 0; i < fl.values().size(); ++i) {
        if (smv.image.values()[i] > smv.image.values()[imax])
            imax = i;
        if (fl.values()[i] > fl.values()[fmax])
            fmax = i;
    }
    CHECK(smv.image.values()[imax] == 55040);
    CHECK(imax == fmax);
    // a shape that contradicts the header is refused
    CHECK_THROWS_WITH(read_image((dir / "int.img").string(), Shape{64, 256}),
                      (dir / "int.img").string() +
                          ": the file holds 128 fast x 128 slow, not the 256 fast x 64 slow asked "
                          "for");
}

TEST_CASE("NPY: written v1.0 files have numpy's layout and read back exactly", "[images]") {
    const std::string bytes = encode_npy(k2x3);
    // magic, version 1.0, header length 118 so that 10 + 118 = 128 is a multiple of 64
    REQUIRE(bytes.size() == 128 + 6 * 4);
    CHECK(bytes.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)) == 0);
    CHECK(static_cast<unsigned char>(bytes[8]) == 118);
    CHECK(bytes.substr(10, 62) == "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }   ");
    CHECK(bytes[127] == '\n');
    CHECK(bytes.substr(128 + 5 * 4, 4) == f32(6.5f));
    const ImageFile back = parse_image(bytes, "x.npy");
    CHECK(back.format == ImageFormat::npy);
    CHECK(back.image.shape() == Shape{2, 3});
    CHECK(back.image.values() == k2x3.values());
    CHECK(back.image.element_type() == ElementType::float32);
    // float64 images are written as <f8 and keep every digit
    const Image d(Shape{1, 2}, {0.1, 1.0 / 3.0});
    const Image d_back = parse_image(encode_npy(d), "d.npy").image;
    CHECK(d_back.values() == d.values());
    CHECK(d_back.element_type() == ElementType::float64);
}

TEST_CASE("NPY: version 2.0 headers and the refusals", "[images]") {
    // version 2.0: a 4-byte header length
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2)}\n";
    std::string v2("\x93NUMPY\x02\x00", 8);
    v2 += static_cast<char>(dict.size());
    v2 += std::string(3, '\0');
    v2 += dict + f32(1.5f) + f32(-2.0f);
    const Image v2_image = parse_image(v2, "v2.npy").image;
    CHECK(v2_image.values() == std::vector<double>{1.5, -2.0});

    const std::string two = f32(1) + f32(2);
    const std::string good = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }";
    CHECK(error_of(npy_v1(good, two + "x"), "a.npy") ==
          "a.npy: 137 bytes, but NPY 1.0, <f4, 2 fast x 1 slow needs 136");
    CHECK(error_of(npy_v1(good, f32(1)), "a.npy") ==
          "a.npy: 132 bytes, but NPY 1.0, <f4, 2 fast x 1 slow needs 136");
    CHECK(error_of(npy_v1("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", two),
                   "b.npy") == "b.npy: NPY dtype '>f4' is not supported ('<f4' or '<f8')");
    CHECK(error_of(npy_v1("{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }", two),
                   "b.npy") == "b.npy: NPY dtype '<i4' is not supported ('<f4' or '<f8')");
    CHECK(error_of(npy_v1("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", two),
                   "c.npy") == "c.npy: NPY array is in Fortran order (only C order is supported)");
    CHECK(error_of(npy_v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", two),
                   "d.npy") == "d.npy: NPY array has 1 dimensions; an image has 2 (slow, fast)");
    CHECK(error_of(npy_v1("{'descr': '<f4', 'shape': (1, 2), }", two), "e.npy") ==
          "e.npy: NPY header lacks 'fortran_order'");
    CHECK(error_of(std::string("\x93NUMPY\x04\x00", 8) + "xxxx", "f.npy") ==
          "f.npy: NPY version 4.0 is not supported (1.0, 2.0, 3.0)");
    CHECK(error_of(npy_v1(good, two).substr(0, 40), "g.npy") == "g.npy: NPY file ends inside "
                                                                "its header");
}

TEST_CASE("SMV-float: self-describing, with extra keys, and read back exactly", "[images]") {
    const std::string bytes = encode_smv_float(k2x3, {{"SOURCE", "reference engine"}});
    REQUIRE(bytes.size() == 512 + 6 * 4);
    const std::string head =
        "{\nHEADER_BYTES=512;\nDIM=2;\nBYTE_ORDER=little_endian;\nTYPE=float;\n"
        "SIZE1=3;\nSIZE2=2;\nSOURCE=reference engine;\n}\f";
    CHECK(bytes.compare(0, head.size(), head) == 0);
    CHECK(bytes.substr(head.size(), 512 - head.size()) == std::string(512 - head.size(), ' '));
    const ImageFile back = parse_image(bytes, "x.smv");
    CHECK(back.format == ImageFormat::smv);
    CHECK(back.image.values() == k2x3.values());
    CHECK_THROWS_AS(encode_smv_float(k2x3, {{"SIZE1", "4"}}), std::invalid_argument);
    CHECK_THROWS_AS(encode_smv_float(k2x3, {{"NOTE", "a;b"}}), std::invalid_argument);
    // a header longer than 512 bytes grows in steps of 512
    const std::string long_header = encode_smv_float(k2x3, {{"NOTE", std::string(600, 'x')}});
    CHECK(long_header.size() == 1024 + 6 * 4);
    CHECK(parse_image(long_header, "y.smv").image.values() == k2x3.values());
}

TEST_CASE("SMV: big-endian pixels are swapped, and malformed headers refused", "[images]") {
    auto smv = [](const std::string& keys, const std::string& data) {
        std::string h = "{\nHEADER_BYTES=512;\n" + keys + "}\f";
        h.append(512 - h.size(), ' ');
        return h + data;
    };
    // unsigned_short 0x0102 big-endian = 258; 0xff00 = 65280
    const Image be = parse_image(smv("DIM=2;\nBYTE_ORDER=big_endian;\nTYPE=unsigned_short;\n"
                                     "SIZE1=2;\nSIZE2=1;\n",
                                     std::string("\x01\x02\xff\x00", 4)),
                                 "be.img")
                         .image;
    CHECK(be.values() == std::vector<double>{258, 65280});
    const std::string ok_keys = "BYTE_ORDER=little_endian;\nTYPE=unsigned_short;\n";
    CHECK(error_of(smv(ok_keys + "SIZE1=2;\n", "abcd"), "h.img") ==
          "h.img: SMV header lacks SIZE2");
    CHECK(error_of(smv(ok_keys + "SIZE1=2;\nSIZE2=-1;\n", "abcd"), "h.img") ==
          "h.img: SMV header: SIZE2=-1 is not a positive integer");
    CHECK(error_of(smv("BYTE_ORDER=little_endian;\nTYPE=signed_char;\nSIZE1=2;\nSIZE2=1;\n", "ab"),
                   "h.img")
              .rfind("h.img: SMV TYPE=signed_char is not supported", 0) == 0);
    CHECK(error_of(smv(ok_keys + "SIZE1=2;\nSIZE2=2;\n", "abcd"), "h.img") ==
          "h.img: 516 bytes, but SMV, unsigned_short little_endian, 512-byte header, 2 fast x 2 "
          "slow needs 520");
    CHECK(error_of("{\nHEADER_BYTES=512;\nSIZE1=2", "i.img") ==
          "i.img: SMV header has no closing '}' within its first 1 MiB");
}

TEST_CASE("read_image names the file when it is missing, empty or a folder", "[images]") {
    nbtest::TempDir dir("images_io");
    const auto missing = (dir.path() / "missing.bin").string();
    CHECK_THROWS_WITH(read_image(missing, Shape{1, 1}),
                      Catch::StartsWith(missing + ": cannot open"));
    const auto empty = (dir.path() / "empty.bin").string();
    std::ofstream(empty).close();
    CHECK_THROWS_WITH(read_image(empty, Shape{1, 1}), empty + ": empty file");
    CHECK_THROWS_WITH(read_image(dir.path().string(), Shape{1, 1}),
                      dir.path().string() + ": not a regular file");
}
