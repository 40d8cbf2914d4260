"""Built-in styles: a prompt template holding `{prompt}` and default parameters. A
generation (or a workflow step) naming a preset gets its prompt wrapped by the template,
and the preset's parameters as defaults that the request's own fields override."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chalicelib.domain.image_models import MAX_PROMPT_CHARS
from chalicelib.domain.json_types import JSONValue
from chalicelib.errors import FieldError, InvalidInput

PLACEHOLDER = "{prompt}"


@dataclass(frozen=True, slots=True)
class Preset:
    id: str
    name: str
    description: str
    prompt_template: str
    params: Mapping[str, JSONValue] = field(default_factory=dict)

    def wrap(self, prompt: str, where: str = "prompt") -> str:
        """The template with `{prompt}` replaced (plain replacement: braces in the
        person's prompt are text), or a 422 on `where` when it grows too long."""
        wrapped = self.prompt_template.replace(PLACEHOLDER, prompt)
        if len(wrapped) > MAX_PROMPT_CHARS:
            message = f"with the preset's template must have at most {MAX_PROMPT_CHARS} characters"
            raise InvalidInput([FieldError(where, message)])
        return wrapped

    def with_defaults(self, given: Mapping[str, JSONValue]) -> dict[str, JSONValue]:
        """The preset's parameters, overridden by those given."""
        return {**self.params, **given}


def _p(id: str, name: str, description: str, template: str, **params: JSONValue) -> Preset:
    return Preset(id, name, description, template, params)


PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        _p(
            "photographic",
            "Photographic",
            "A natural photograph, true colours, shallow depth of field",
            "A high-resolution photograph of {prompt}, natural light, 50mm lens, "
            "shallow depth of field, true-to-life colours",
            quality="high",
        ),
        _p(
            "cinematic",
            "Cinematic",
            "A wide film still with dramatic light",
            "A cinematic film still of {prompt}, anamorphic widescreen, dramatic lighting, "
            "color graded, film grain",
            size="1536x1024",
        ),
        _p(
            "illustration",
            "Illustration",
            "A clean editorial illustration",
            "An editorial illustration of {prompt}, clean lines, flat colours, "
            "balanced composition",
        ),
        _p(
            "watercolor",
            "Watercolor",
            "Soft watercolor on textured paper",
            "A watercolor painting of {prompt}, soft washes, visible paper texture, "
            "loose brushwork, gentle bleeding edges",
        ),
        _p(
            "oil_painting",
            "Oil painting",
            "A classical oil painting",
            "An oil painting of {prompt}, rich impasto brushstrokes, warm palette, "
            "classical composition, canvas texture",
        ),
        _p(
            "product_white",
            "Product shot on white",
            "A studio product shot on a seamless white background",
            "A professional studio product photograph of {prompt}, centered on a seamless "
            "pure white background, softbox lighting, soft shadow, sharp focus",
            quality="high",
            background="opaque",
        ),
        _p(
            "anime",
            "Anime",
            "Japanese animation style",
            "An anime-style illustration of {prompt}, cel shading, vibrant colours, "
            "expressive characters, detailed background",
        ),
        _p(
            "pixel_art",
            "Pixel art",
            "Retro 16-bit pixel art",
            "16-bit pixel art of {prompt}, limited palette, crisp pixels, retro video game style",
            quality="low",
        ),
        _p(
            "3d_render",
            "3D render",
            "A glossy 3D render",
            "A 3D render of {prompt}, physically based materials, global illumination, "
            "studio lighting, octane style",
        ),
        _p(
            "line_art",
            "Line art",
            "Black ink line drawing on white",
            "A black ink line drawing of {prompt}, clean continuous lines, white background, "
            "no shading",
            background="opaque",
        ),
        _p(
            "isometric",
            "Isometric",
            "An isometric diorama",
            "An isometric illustration of {prompt}, miniature diorama, soft pastel colours, "
            "clean geometry",
            size="1024x1024",
        ),
        _p(
            "logo",
            "Logo",
            "A simple flat vector logo",
            "A minimal flat vector logo of {prompt}, bold simple shapes, two colours, "
            "centered, plain background",
            quality="medium",
        ),
        _p(
            "portrait",
            "Portrait",
            "A studio portrait, vertical frame",
            "A studio portrait of {prompt}, Rembrandt lighting, 85mm lens, detailed skin "
            "texture, neutral backdrop",
            size="1024x1536",
            quality="high",
        ),
        _p(
            "sticker",
            "Sticker",
            "A die-cut sticker with a white border",
            "A die-cut sticker of {prompt}, thick white border, bold outlines, "
            "vibrant flat colours",
            output_format="png",
        ),
    )
}


def preset(preset_id: str, where: str = "preset_id") -> Preset:
    """The preset of that id, or a 422 on `where`."""
    found = PRESETS.get(preset_id)
    if found is None:
        raise InvalidInput([FieldError(where, "must be one of: " + ", ".join(PRESETS))])
    return found
