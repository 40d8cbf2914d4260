import { useEffect, useRef, useState } from "preact/hooks";

type Props = {
  src: string;
  width: number;
  height: number;
  onDone: (mask: Blob | null) => void;
};

/** Paint the part of the first input image to change. The mask sent to the API is a PNG
 * the size of that image: opaque everywhere except the painted areas, which are
 * transparent (the model edits those). Keyboard users can mask the whole image. */
export function MaskPainter({ src, width, height, onDone }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [painting, setPainting] = useState(false);
  const [painted, setPainted] = useState(false);
  const brush = Math.max(8, Math.round(Math.max(width, height) / 24));

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    context?.clearRect(0, 0, width, height);
  }, [width, height]);

  const paintAt = (event: PointerEvent) => {
    const target = canvas.current;
    const context = target?.getContext("2d");
    if (!target || !context) return;
    const box = target.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * width;
    const y = ((event.clientY - box.top) / box.height) * height;
    context.fillStyle = "#ff3b6b";
    context.beginPath();
    context.arc(x, y, brush, 0, Math.PI * 2);
    context.fill();
    setPainted(true);
  };

  const fillAll = () => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    context.fillStyle = "#ff3b6b";
    context.fillRect(0, 0, width, height);
    setPainted(true);
  };

  const clear = () => {
    canvas.current?.getContext("2d")?.clearRect(0, 0, width, height);
    setPainted(false);
  };

  const apply = () => {
    const strokes = canvas.current;
    if (!strokes || !painted) return onDone(null);
    const mask = document.createElement("canvas");
    mask.width = width;
    mask.height = height;
    const context = mask.getContext("2d")!;
    context.fillStyle = "#000";
    context.fillRect(0, 0, width, height);
    context.globalCompositeOperation = "destination-out";
    context.drawImage(strokes, 0, 0);
    mask.toBlob((blob) => onDone(blob), "image/png");
  };

  return (
    <div class="mask-panel">
      <p class="muted">Paint over the area to change, then apply the mask.</p>
      <div class="mask-editor">
        <img src={src} alt="The first input image, under the mask" width={width} height={height} />
        <canvas
          ref={canvas}
          width={width}
          height={height}
          aria-label="Mask canvas: paint with a pointer"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            setPainting(true);
            paintAt(e);
          }}
          onPointerMove={(e) => painting && paintAt(e)}
          onPointerUp={() => setPainting(false)}
        />
      </div>
      <div class="actions">
        <button type="button" onClick={fillAll}>
          Mask the whole image
        </button>
        <button type="button" onClick={clear}>
          Clear mask
        </button>
        <button type="button" class="primary" onClick={apply}>
          Apply mask
        </button>
      </div>
    </div>
  );
}
