#!/usr/bin/env bash
# Regenerates the small corpus files in this folder. Not run by the build: the files are
# committed. Needs Debian's imagemagick, webp, libjpeg-turbo-progs, libimage-exiftool-perl,
# icc-profiles-free and colord; the EXIF photo comes from test-images/ at the repository root.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert
PHOTO=../../../../../test-images/exif-orientation/Landscape_1.jpg
ADOBE=/usr/share/color/icc/colord/AdobeRGB1998.icc
SRGB=/usr/share/color/icc/colord/sRGB.icc
CMYK=/usr/share/color/icc/ghostscript/default_cmyk.icc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the photo every photo case starts from: 640 × 427, sRGB, no metadata
$IM "$PHOTO" -resize 640x -strip "$tmp/photo.png"
$IM "$tmp/photo.png" -resize 240x "$tmp/small.png"

# JPEG
$IM "$tmp/photo.png" -quality 88 -sampling-factor 2x2 jpeg-baseline.jpg
$IM "$tmp/photo.png" -quality 88 -interlace Plane jpeg-progressive.jpg
$IM "$tmp/photo.png" -colorspace Gray -quality 88 jpeg-grayscale.jpg
$IM "$tmp/photo.png" -profile "$SRGB" -profile "$ADOBE" -quality 85 jpeg-adobe-rgb.jpg
$IM "$tmp/photo.png" -profile "$SRGB" -profile DisplayP3.icc -quality 85 jpeg-display-p3.jpg
$IM "$tmp/photo.png" -resize 400x -profile "$SRGB" -profile "$CMYK" -quality 85 jpeg-ycck-icc.jpg
# what lcms, an independent colour engine, makes of it in sRGB: the reference for that case
$IM jpeg-ycck-icc.jpg -profile "$SRGB" -strip -quality 95 reference-ycck-icc-srgb.jpg
# a big EXIF thumbnail (about 60 KB, the most APP1 holds), GPS and XMP, all to be stripped
$IM "$tmp/photo.png" -resize 400x -quality 88 "$tmp/thumb.jpg"
$IM "$tmp/photo.png" -quality 70 jpeg-exif-thumbnail.jpg
exiftool -q -overwrite_original '-ThumbnailImage<='"$tmp/thumb.jpg" -GPSLatitude=48.8584 -GPSLatitudeRef=N \
	-GPSLongitude=2.2945 -GPSLongitudeRef=E -XMP-dc:Title='imagepipe corpus' -Artist='imagepipe' jpeg-exif-thumbnail.jpg

# PNG: a transparent logo and the small photo in every pixel format
$IM -size 360x240 xc:none -fill '#c81e3c' -draw 'circle 180,120 180,30' -fill '#1e64c8' \
	-draw 'rectangle 20,20 120,90' -fill '#ffffff80' -draw 'rectangle 200,150 340,220' "$tmp/logo.png"
$IM "$tmp/small.png" -depth 8 PNG24:png-rgb-8bit.png
$IM "$tmp/small.png" -depth 16 PNG48:png-rgb-16bit.png
$IM "$tmp/small.png" \( "$tmp/logo.png" -resize 240x160! -alpha extract \) -compose CopyOpacity -composite \
	-depth 16 PNG64:png-rgba-16bit.png
$IM "$tmp/logo.png" PNG32:png-rgba-logo.png
$IM "$tmp/logo.png" -colors 16 PNG8:png-palette-transparent.png
$IM "$tmp/small.png" -colorspace Gray -depth 8 PNG:png-gray.png
$IM "$tmp/logo.png" -background none -colorspace Gray -depth 8 PNG:png-gray-alpha.png
$IM "$tmp/logo.png" -interlace PNG PNG32:png-interlaced.png

# GIF: a static transparent logo; an animation whose first frame is red
$IM "$tmp/logo.png" gif-static-transparent.gif
$IM -delay 20 -size 200x200 xc:'#d02020' xc:'#20d020' xc:'#2020d0' -loop 0 gif-animated.gif

# WebP
cwebp -quiet -q 85 "$tmp/photo.png" -o webp-lossy.webp
cwebp -quiet -lossless "$tmp/logo.png" -o webp-lossless-alpha.webp
cwebp -quiet -q 80 -alpha_q 100 "$tmp/logo.png" -o webp-lossy-alpha.webp
$IM -size 200x200 xc:'#d02020' "$tmp/f1.png"
$IM -size 200x200 xc:'#20d020' "$tmp/f2.png"
$IM -size 200x200 xc:'#2020d0' "$tmp/f3.png"
img2webp -loop 0 -d 200 "$tmp/f1.png" "$tmp/f2.png" "$tmp/f3.png" -o webp-animated.webp
ls -l
