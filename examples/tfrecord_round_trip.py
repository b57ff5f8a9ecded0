"""A TFRecord round trip, as a TF1 program writes one: examples of a small table are serialized
as ``tf.train.Example`` protos into a GZIP-compressed TFRecord file, then read back with
``tf.data.TFRecordDataset``, parsed with ``tf.parse_example`` into dense and sparse tensors,
and batched, all inside a Session.

    python examples/tfrecord_round_trip.py

>>> rows = main(verbose=False)
>>> rows[0]["name"], rows[0]["tags"], rows[2]["point"]
(b'alpha', [b'x'], [2.0, 4.0])
"""
import os
import tempfile

import autograd_engine as tf

TABLE = [("alpha", 1, [0.0, 0.0], ["x"]), ("beta", 2, [1.0, 2.0], []),
         ("gamma", 3, [2.0, 4.0], ["y", "z"])]


def make_example(name, label, point, tags):
    """One row as a tf.train.Example."""
    feature = {
        "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[name.encode()])),
        "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[label])),
        "point": tf.train.Feature(float_list=tf.train.FloatList(value=point)),
        "tags": tf.train.Feature(bytes_list=tf.train.BytesList(value=[t.encode() for t in tags])),
    }
    return tf.train.Example(features=tf.train.Features(feature=feature))


def write(path):
    options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    with tf.python_io.TFRecordWriter(path, options) as writer:
        for row in TABLE:
            writer.write(make_example(*row).SerializeToString())


def read(path):
    """The rows back, as dicts of Python values, parsed by the graph in batches of two."""
    spec = {"name": tf.FixedLenFeature([], tf.string),
            "label": tf.FixedLenFeature([], tf.int64),
            "point": tf.FixedLenFeature([2], tf.float32),
            "tags": tf.VarLenFeature(tf.string)}
    dataset = tf.data.TFRecordDataset(path, compression_type="GZIP").batch(2)
    batch = tf.parse_example(dataset.make_one_shot_iterator().get_next(), spec)
    rows = []
    with tf.Session() as sess:
        try:
            while True:
                value = sess.run(batch)
                for i in range(len(value["name"])):
                    tags = value["tags"]
                    rows.append({"name": value["name"][i], "label": int(value["label"][i]),
                                 "point": value["point"][i].tolist(),
                                 "tags": [v for (r, _), v in zip(tags.indices, tags.values)
                                          if r == i]})
        except tf.errors.OutOfRangeError:
            pass
    return rows


def main(verbose=True):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "table.tfrecord.gz")
        graph = tf.Graph()
        with graph.as_default():
            write(path)
            rows = read(path)
    if verbose:
        for row in rows:
            print(row)
    return rows


if __name__ == "__main__":
    main()
