"""The model card (README.md) inside every export: what the model is, how it scored, whether the
export passed its parity check, and how to load it with nothing but its own runtime."""

from __future__ import annotations

import json
from typing import Any

TASK_WORDS = {
    "classifier": "text classifier",
    "causal_lm": "text generator (causal language model)",
    "tabular": "table predictor",
}
FORMAT_WORDS = {
    "pytorch": "PyTorch / Hugging Face (safetensors)",
    "onnx": "ONNX (fp32)",
    "onnx-int8": "ONNX with int8 weights (dynamic quantisation)",
}
HEADLINE_METRICS = (
    "accuracy",
    "macro_f1",
    "f1_macro",
    "roc_auc",
    "baseline_accuracy",
    "val_loss",
    "perplexity",
    "base_perplexity",
    "likelihood_gain",
    "mae",
    "rmse",
    "r2",
    "baseline_mae",
)


def model_card(
    meta: dict[str, Any], fmt: str, record: dict[str, Any], about: dict[str, Any]
) -> str:
    """README.md for an export: `meta` is the model's metadata.json, `record` its export.json."""
    task = str(meta.get("task", ""))
    title = about.get("name") or "Tunewright model"
    if about.get("version") is not None:
        title += f" v{about['version']}"
    lines = [
        f"# {title}",
        "",
        f"A {TASK_WORDS.get(task, task)} fine-tuned with Tunewright, exported as "
        f"{FORMAT_WORDS.get(fmt, fmt)} on {record['created_at']}.",
        "",
        *_facts(meta, about),
        "",
        "## Data",
        "",
        _data(meta),
        "",
        "## Metrics (held-out data)",
        "",
        *_metrics(meta),
        "",
        "## Parity check",
        "",
        *_parity(record["parity"]),
        "",
        "## How to load it",
        "",
        _usage(task, fmt, meta, record),
        "",
        "## Files",
        "",
        *[f"- `{name}`" for name in record["files"]],
        "",
        "## Library versions",
        "",
        "Exported with " + _versions(record.get("library_versions", {})) + ".",
        "Trained with " + _versions(meta.get("library_versions", {})) + ".",
        "",
    ]
    return "\n".join(lines)


def _facts(meta: dict[str, Any], about: dict[str, Any]) -> list[str]:
    base = meta.get("base_model") or {}
    facts = []
    if about.get("template_id"):
        facts.append(f"- **Template:** {about['template_id']}")
    if base.get("name"):
        facts.append(f"- **Base model:** {base['name']} ({base.get('source', '')})")
    if meta.get("weights"):
        facts.append(f"- **Weights:** {meta['weights']}")
    if meta.get("labels"):
        facts.append("- **Labels:** " + ", ".join(str(x) for x in meta["labels"]))
    if meta.get("target"):
        facts.append(f"- **Predicts:** `{meta['target']}` ({meta.get('problem', '')})")
    verdict = (meta.get("verdict") or {}).get("headline")
    if verdict:
        facts.append(f"- **Verdict:** {verdict}")
    return facts


def _data(meta: dict[str, Any]) -> str:
    split = meta.get("split") or {}
    if "train_rows" in split:
        return (
            f"{split['train_rows']} rows to train on, {split['test_rows']} held out to test "
            f"(seed {split.get('seed')}); {split.get('rows_dropped', 0)} rows left out."
        )
    if "train_size" in split:
        return (
            f"{split['train_size']} examples to train on, {split['val_size']} held out to "
            f"evaluate (seed {split.get('seed')}, data shape {split.get('shape', 'n/a')})."
        )
    return "Not recorded."


def _metrics(meta: dict[str, Any]) -> list[str]:
    metrics = meta.get("metrics") or {}
    rows = [
        f"| {name} | {value:.4g} |"
        for name in HEADLINE_METRICS
        if isinstance(value := metrics.get(name), int | float) and not isinstance(value, bool)
    ]
    if not rows:
        return ["No metrics recorded."]
    return ["| metric | value |", "|---|---|", *rows]


def _parity(result: dict[str, Any]) -> list[str]:
    headline = (
        "**Passed.**"
        if result["passed"]
        else "**FAILED — this export does not answer like the app's model; see why below.**"
    )
    lines = [
        f"{headline} Compared with the {result['reference']} on {result['samples']} samples "
        f"({result['sample_source']}):",
        "",
    ]
    for check in result["checks"]:
        mark = "passed" if check["passed"] else "FAILED"
        lines.append(
            f"- {check['what']}: {check['value']:.4g} (must be {check['rule']} "
            f"{check['tolerance']:g}) — {mark}"
        )
    lines += [f"- note: {note}" for note in result.get("notes", [])]
    return lines


def _versions(versions: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in versions.items()) or "unrecorded versions"


def _usage(task: str, fmt: str, meta: dict[str, Any], record: dict[str, Any]) -> str:
    max_length = (meta.get("settings") or {}).get("max_length", 512)
    if fmt == "pytorch":
        if task == "tabular":
            example = _example(meta)
            return _code(
                "# pip install scikit-learn pandas joblib — run from this folder: the pipeline\n"
                "# imports tunewright/training/tabular/transformers.py, which is included\n"
                "import joblib, pandas as pd\n"
                "pipeline = joblib.load('pipeline.joblib')\n"
                f"rows = pd.DataFrame([{example}])\n"
                "print(pipeline.predict(rows))"
                + ("\nprint(pipeline.predict_proba(rows))" if meta.get("classes") else "")
            )
        if task == "classifier":
            return _code(
                "# pip install torch transformers\n"
                "import torch\n"
                "from transformers import AutoModelForSequenceClassification, AutoTokenizer\n"
                "model = AutoModelForSequenceClassification.from_pretrained('.')\n"
                "tokenizer = AutoTokenizer.from_pretrained('.')\n"
                "inputs = tokenizer(['your text'], truncation=True, "
                f"max_length={max_length}, return_tensors='pt')\n"
                "with torch.no_grad():\n"
                "    probabilities = model(**inputs).logits.softmax(-1)[0]\n"
                "print(model.config.id2label[int(probabilities.argmax())])"
            )
        return _code(
            "# pip install torch transformers\n"
            "from transformers import AutoModelForCausalLM, AutoTokenizer\n"
            "model = AutoModelForCausalLM.from_pretrained('.')\n"
            "tokenizer = AutoTokenizer.from_pretrained('.')\n"
            + (
                "text = tokenizer.apply_chat_template([{'role': 'user', 'content': 'Hello!'}],\n"
                "                                     tokenize=False, add_generation_prompt=True)\n"
                "inputs = tokenizer(text, return_tensors='pt', add_special_tokens=False)\n"
                if meta.get("data_shape", "raw_text") != "raw_text"
                else "inputs = tokenizer('Once upon a time', return_tensors='pt')\n"
            )
            + "output = model.generate(**inputs, max_new_tokens=64, do_sample=False)\n"
            "print(tokenizer.decode(output[0, inputs['input_ids'].shape[1]:], "
            "skip_special_tokens=True))"
        )
    if task == "tabular":
        info = record.get("onnx", {})
        inputs = "\n".join(
            f"#   {i['name']}: {i['kind']} from column {i['column']!r}"
            + (f" ({i['part']})" if i.get("part") else "")
            for i in info.get("inputs", [])
        )
        return (
            "Every input is a column of shape [rows, 1]. ONNX cannot parse dates or text "
            "numbers, so prepare the columns first (this is exactly what the pipeline does):\n\n"
            + _code(
                "# pip install onnxruntime pandas numpy\n"
                "import numpy as np, onnxruntime as ort, pandas as pd\n"
                f"{inputs}\n"
                "def number(s):   # '1,234' -> 1234.0; anything else unreadable -> NaN\n"
                "    s = s.map(lambda v: v.replace(',', '').strip() if isinstance(v, str) else v)\n"
                "    return pd.to_numeric(s, errors='coerce').astype(float).to_numpy()[:, None]\n"
                "def category(s):  # blanks become the category '(missing)'\n"
                "    return s.astype(object).where(s.notna(), '(missing)').map(str)"
                ".to_numpy(dtype=object)[:, None]\n"
                "def text(s):\n"
                "    return np.vectorize(str.lower, otypes=[object])(category(s))\n"
                "def date(s, part):  # year, month, day or dayofweek (Monday = 0)\n"
                "    d = pd.to_datetime(s.astype(object).where(s.notna(), None), errors='coerce',\n"
                "                       utc=True, format='mixed')\n"
                "    d = getattr(d.dt, 'day_of_week' if part == 'dayofweek' else part)\n"
                "    return d.to_numpy(dtype=float, na_value=np.nan)[:, None]\n"
                "session = ort.InferenceSession('model.onnx')\n"
                f"rows = pd.DataFrame([{_example(meta)}])\n"
                "feed = {}\n"
                "for spec in __import__('json').load(open('export.json'))['onnx']['inputs']:\n"
                "    column = rows[spec['column']]\n"
                "    kind = spec['kind']\n"
                "    feed[spec['name']] = (date(column, spec['part']) if kind == 'date'\n"
                "                          else {'number': number, 'category': category,\n"
                "                                'text': text}[kind](column))\n"
                "print(session.run(None, feed))"
                + (
                    "  # [labels, probabilities in the order of export.json onnx.classes]"
                    if meta.get("classes")
                    else "  # [predictions]"
                )
            )
        )
    if task == "classifier":
        return _code(
            "# pip install onnxruntime transformers\n"
            "import json, numpy as np, onnxruntime as ort\n"
            "from transformers import AutoTokenizer\n"
            "session = ort.InferenceSession('model.onnx')\n"
            "tokenizer = AutoTokenizer.from_pretrained('.')\n"
            "labels = json.load(open('config.json'))['id2label']\n"
            f"encoded = tokenizer(['your text'], padding=True, truncation=True, "
            f"max_length={max_length}, return_tensors='np')\n"
            "names = [i.name for i in session.get_inputs()]\n"
            "logits = session.run(['logits'], {n: encoded[n].astype(np.int64) for n in names})[0]\n"
            "print(labels[str(int(logits[0].argmax()))])"
        )
    return (
        "The graph takes and returns the attention cache (`past_key_values.<layer>.key|value` in, "
        "`present.<layer>.key|value` out, shape [batch, kv_heads, length, head_dim]); feed an "
        "empty cache (length 0) on the first step:\n\n"
        + _code(
            "# pip install onnxruntime transformers\n"
            "import numpy as np, onnxruntime as ort\n"
            "from transformers import AutoTokenizer\n"
            "session = ort.InferenceSession('model.onnx')\n"
            "tokenizer = AutoTokenizer.from_pretrained('.')\n"
            "ids = tokenizer('Once upon a time', return_tensors='np')['input_ids']\n"
            "ids = ids.astype(np.int64)\n"
            "past = {i.name: np.zeros((1, i.shape[1], 0, i.shape[3]), np.float32)\n"
            "        for i in session.get_inputs() if i.name.startswith('past_key_values.')}\n"
            "names, mask, step, answer = list(past), np.ones_like(ids), ids, []\n"
            "for _ in range(32):\n"
            "    positions = np.arange(mask.shape[1] - step.shape[1], mask.shape[1])[None, :]\n"
            "    out = session.run(None, {'input_ids': step, 'attention_mask': mask,\n"
            "                             'position_ids': positions, **past})\n"
            "    token = int(out[0][0, -1].argmax())\n"
            "    if token == tokenizer.eos_token_id:\n"
            "        break\n"
            "    answer.append(token)\n"
            "    past = dict(zip(names, out[1:]))\n"
            "    step = np.array([[token]], dtype=np.int64)\n"
            "    mask = np.ones((1, mask.shape[1] + 1), dtype=np.int64)\n"
            "print(tokenizer.decode(answer))"
        )
    )


def _example(meta: dict[str, Any]) -> str:
    return json.dumps(meta.get("example_input") or {}, default=str).replace("null", "None")


def _code(text: str) -> str:
    return f"```python\n{text}\n```"
