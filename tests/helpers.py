"""Small helpers shared by the tests."""

import base64
import json

import numpy as np


def decode(value):
    """Numbers of a plotly JSON array: plain lists, or plotly 7's {"dtype", "bdata", "shape"} form."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            array = array.reshape([int(n) for n in str(shape).split(",")])
        return array
    return np.asarray(value)


def chart_specs(at):
    """The figure JSON of every plotly chart an AppTest rendered."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]
