"""``tf.image``'s colour spaces, edges and quality measures: ``rgb_to_yiq``/``yiq_to_rgb``,
``rgb_to_yuv``/``yuv_to_rgb``, ``sobel_edges``, ``image_gradients``, ``total_variation``,
``psnr``, ``ssim`` and ``ssim_multiscale``, as TF1 defines them.

Built from the engine's own ops (tensordot, depthwise convolution, pooling, reductions), so
their gradients are those ops' gradients.
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from . import array_ops, elementwise_unary_ops as unary, reduction_ops
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack
from .depthwise_conv_ops import depthwise_conv2d
from .elementwise_binary_ops import pow as power, squared_difference
from .image_ops import convert_image_dtype
from .matmul_ops import tensordot
from .pooling_ops import avg_pool
from .shape_ops import shape
from .slicing_ops import pad

# TF1's colour space matrices: a pixel row vector times the matrix.
_RGB_TO_YIQ = [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617],
               [0.114, -0.32134392, 0.31119955]]
_YIQ_TO_RGB = [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021],
               [0.6208248, -0.64720424, 1.70423049]]
_RGB_TO_YUV = [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512],
               [0.114, 0.43601035, -0.10001026]]
_YUV_TO_RGB = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]]


def _float_images(images, function_name):
    images = convert_to_tensor(images, name="images")
    if not images.dtype.is_floating:
        raise TypeError("%s needs floating-point images, got %s (convert them with "
                        "tf.image.convert_image_dtype)" % (function_name, images.dtype.name))
    if images.shape.ndims == 0 or images.shape.as_tuple() and images.shape.as_tuple()[-1] \
            not in (None, 3):
        raise ValueError("%s needs images whose last dimension is 3, got shape %s"
                         % (function_name, images.shape))
    return images


def _colour_transform(matrix, function_name):
    def transform(images, name=None):
        with name_scope(name, function_name, [images]):
            images = _float_images(images, function_name)
            kernel = convert_to_tensor(np.array(matrix, images.dtype.np_dtype))
            return tensordot(images, kernel, axes=[[images.shape.ndims - 1], [0]])
    transform.__name__ = function_name
    return transform


rgb_to_yiq = _colour_transform(_RGB_TO_YIQ, "rgb_to_yiq")
rgb_to_yiq.__doc__ = """RGB images (last dimension 3, floats in [0, 1]) in YIQ.

    >>> import autograd_engine as tf
    >>> [round(float(v), 4) for v in tf.Session().run(tf.image.rgb_to_yiq([1.0, 0.0, 0.0]))]
    [0.299, 0.5959, 0.2115]
    """
yiq_to_rgb = _colour_transform(_YIQ_TO_RGB, "yiq_to_rgb")
yiq_to_rgb.__doc__ = """YIQ images back in RGB (the inverse of :func:`rgb_to_yiq`).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.image.yiq_to_rgb([[1.0, 0.0, 0.0]])).tolist()
    [[1.0, 1.0, 1.0]]
    """
rgb_to_yuv = _colour_transform(_RGB_TO_YUV, "rgb_to_yuv")
rgb_to_yuv.__doc__ = """RGB images (last dimension 3, floats in [0, 1]) in YUV.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.image.rgb_to_yuv([[1.0, 1.0, 1.0]])).round(4).tolist()
    [[1.0, 0.0, 0.0]]
    """
yuv_to_rgb = _colour_transform(_YUV_TO_RGB, "yuv_to_rgb")
yuv_to_rgb.__doc__ = """YUV images back in RGB (the inverse of :func:`rgb_to_yuv`).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.image.yuv_to_rgb([[1.0, 0.0, 0.0]])).tolist()
    [[1.0, 1.0, 1.0]]
    """


def _batch_of_images(image, function_name):
    image = convert_to_tensor(image)
    if image.shape.ndims not in (None, 4):
        raise ValueError("%s expects a 4-D tensor [batch, height, width, depth], not %s"
                         % (function_name, image.shape))
    return image


def sobel_edges(image):
    """Each channel's Sobel responses, [batch, height, width, depth, 2]: the vertical one
    (dy) then the horizontal one (dx), on edges mirrored without repeating them, as TF1.

    >>> import autograd_engine as tf
    >>> tf.image.sobel_edges(tf.zeros([2, 5, 6, 3])).shape.as_list()
    [2, 5, 6, 3, 2]
    """
    image = _batch_of_images(image, "sobel_edges")
    kernels = np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
                        [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]], image.dtype.np_dtype)
    depth = image.shape.as_tuple()[-1] if image.shape.ndims else None
    if depth is None:
        raise ValueError("sobel_edges needs the images' depth known while building")
    filters = np.tile(np.transpose(kernels, (1, 2, 0))[:, :, None, :], (1, 1, depth, 1))
    padded = pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], "REFLECT")
    edges = depthwise_conv2d(padded, filters, [1, 1, 1, 1], "VALID")
    edges = array_ops.reshape(edges, concat([shape(image), [2]], 0))
    edges.set_shape(image.shape.as_list() + [2])
    return edges


def image_gradients(image):
    """(dy, dx): each pixel's difference with the one below (right of) it, zero on the last
    row (column); both [batch, height, width, depth].

    >>> import autograd_engine as tf
    >>> dy, dx = tf.image.image_gradients(tf.reshape(tf.range(6.0), [1, 2, 3, 1]))
    >>> tf.Session().run(dx)[0, :, :, 0].tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]
    """
    image = _batch_of_images(image, "image_gradients")
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    dy = concat([dy, array_ops.zeros_like(image[:, :1, :, :])], 1)
    dx = concat([dx, array_ops.zeros_like(image[:, :, :1, :])], 2)
    return dy, dx


def total_variation(images, name=None):
    """The sum of absolute differences between neighbouring pixels: a scalar for one image
    [height, width, channels], one value per image for a batch.

    >>> import autograd_engine as tf
    >>> float(tf.Session().run(tf.image.total_variation([[[0.0], [1.0]], [[3.0], [1.0]]])))
    6.0
    """
    with name_scope(name, "total_variation", [images]):
        images = convert_to_tensor(images)
        rank = images.shape.ndims
        if rank == 3:
            rows = images[1:, :, :] - images[:-1, :, :]
            columns = images[:, 1:, :] - images[:, :-1, :]
            axes = None
        elif rank == 4:
            rows = images[:, 1:, :, :] - images[:, :-1, :, :]
            columns = images[:, :, 1:, :] - images[:, :, :-1, :]
            axes = [1, 2, 3]
        else:
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        return (reduction_ops.reduce_sum(unary.abs(rows), axis=axes)
                + reduction_ops.reduce_sum(unary.abs(columns), axis=axes))


def _as_float_images(a, b, max_val):
    """Both images and ``max_val`` as float32, integer images scaled to [0, 1] (max_val
    with them), as TF1's quality measures start; float64 images stay float64 (TF1 makes them
    float32)."""
    a, b = convert_to_tensor(a), convert_to_tensor(b)
    if a.dtype != b.dtype:
        raise TypeError("Both images must have the same dtype, got %s and %s"
                        % (a.dtype.name, b.dtype.name))
    work = dtypes.float64 if a.dtype == dtypes.float64 else dtypes.float32
    max_val = convert_image_dtype(unary.cast(max_val, a.dtype), work)
    return convert_image_dtype(a, work), convert_image_dtype(b, work), max_val


def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio of each pair of images, in dB (images [..., h, w, c];
    ``max_val`` the range of their values: 1.0 for floats in [0, 1], 255 for uint8).

    >>> import autograd_engine as tf
    >>> round(float(tf.Session().run(tf.image.psnr([[[0.5]]], [[[0.6]]], 1.0))), 3)
    20.0
    """
    with name_scope(name, "PSNR", [a, b]):
        a, b, max_val = _as_float_images(a, b, max_val)
        mse = reduction_ops.reduce_mean(squared_difference(a, b), [-3, -2, -1])
        np_dtype = mse.dtype.np_dtype
        return (20.0 * unary.log(max_val) / np_dtype.type(np.log(10.0))
                - np_dtype.type(10 / np.log(10)) * unary.log(mse))


def _gaussian_window(size, sigma, channels, np_dtype):
    """TF1's normalized Gaussian window, [size, size, channels, 1]."""
    coords = np.arange(size, dtype=np.float32) - np.float32(size - 1) / 2
    g = np.square(coords) * np.float32(-0.5 / np.square(np.float32(sigma)))
    g = np.add.outer(g, g).astype(np.float64)
    window = np.exp(g - g.max())
    window = (window / window.sum()).astype(np_dtype)
    return np.tile(window[:, :, None, None], (1, 1, channels, 1))


def _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2):
    """(ssim, contrast-structure) per image and channel, [..., channels]."""
    dims = img1.shape.as_tuple()
    if dims is None or None in dims[-3:]:
        raise ValueError("ssim needs the images' height, width and depth known while building")
    if min(dims[-3:-1]) < filter_size:
        raise ValueError("The images (%s) must be at least filter_size=%d high and wide"
                         % (img1.shape, filter_size))
    window = _gaussian_window(filter_size, filter_sigma, dims[-1], img1.dtype.np_dtype)
    leading = shape(img1)[:-3]

    def local_mean(x):
        flat = array_ops.reshape(x, [-1] + list(dims[-3:]))
        mean = depthwise_conv2d(flat, window, [1, 1, 1, 1], "VALID")
        return array_ops.reshape(mean, concat([leading, shape(mean)[1:]], 0))

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mean1, mean2 = local_mean(img1), local_mean(img2)
    num0 = mean1 * mean2 * 2.0
    den0 = unary.square(mean1) + unary.square(mean2)
    luminance = (num0 + c1) / (den0 + c1)
    num1 = local_mean(img1 * img2) * 2.0
    den1 = local_mean(unary.square(img1) + unary.square(img2))
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    return (reduction_ops.reduce_mean(luminance * cs, [-3, -2]),
            reduction_ops.reduce_mean(cs, [-3, -2]))


def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
    """Structural similarity of each pair of images [..., height, width, channels] (Wang et
    al. 2004, Gaussian window ``filter_size`` x ``filter_size``), averaged over channels.

    >>> import autograd_engine as tf
    >>> image = tf.random_uniform([16, 16, 3], seed=1)
    >>> float(tf.Session().run(tf.image.ssim(image, image, 1.0)))
    1.0
    """
    with name_scope(None, "SSIM", [img1, img2]):
        img1, img2, max_val = _as_float_images(img1, img2, max_val)
        value, _ = _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2)
        return reduction_ops.reduce_mean(value, [-1])


_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def _halve(images):
    """Images [..., h, w, c] average-pooled 2x2, an odd side first extended by mirroring its
    last row (column), as TF1's multiscale SSIM."""
    dims = images.shape.as_tuple()
    flat = array_ops.reshape(images, [-1] + list(dims[-3:]))
    extra = [dims[-3] % 2, dims[-2] % 2]
    if any(extra):
        flat = pad(flat, [[0, 0], [0, extra[0]], [0, extra[1]], [0, 0]], "SYMMETRIC")
    pooled = avg_pool(flat, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    halved = array_ops.reshape(pooled, concat([shape(images)[:-3], shape(pooled)[1:]], 0))
    halved.set_shape(list(dims[:-3]) + pooled.shape.as_list()[1:])
    return halved


def ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11,
                    filter_sigma=1.5, k1=0.01, k2=0.03):
    """Multiscale SSIM (Wang, Simoncelli and Bovik 2003): SSIM's contrast-structure term at
    ``len(power_factors)`` scales (each half the previous) and its full value at the last, each
    raised to its power factor, multiplied, then averaged over channels.

    >>> import autograd_engine as tf
    >>> image = tf.random_uniform([1, 32, 32, 3], seed=1)
    >>> msssim = tf.image.ssim_multiscale(image, image, 1.0, (0.5, 0.5), filter_size=5)
    >>> tf.Session().run(msssim).round(4).tolist()
    [1.0]
    """
    with name_scope(None, "MS-SSIM", [img1, img2]):
        img1, img2, max_val = _as_float_images(img1, img2, max_val)
        images, contrast_structure = [img1, img2], []
        for scale in range(len(power_factors)):
            with name_scope(None, "Scale%d" % scale, images):
                if scale:
                    images = [_halve(x) for x in images]
                value, cs = _ssim_per_channel(*images, max_val, filter_size, filter_sigma,
                                              k1, k2)
                contrast_structure.append(unary.relu(cs))
        terms = stack(contrast_structure[:-1] + [unary.relu(value)], axis=-1)
        weighted = power(terms, np.array(power_factors, terms.dtype.np_dtype))
        return reduction_ops.reduce_mean(reduction_ops.reduce_prod(weighted, [-1]), [-1])


__all__ = ["rgb_to_yiq", "yiq_to_rgb", "rgb_to_yuv", "yuv_to_rgb", "sobel_edges",
           "image_gradients", "total_variation", "psnr", "ssim", "ssim_multiscale"]
