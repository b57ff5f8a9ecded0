"""``tf.losses``: the loss functions, and the LOSSES collection's helpers."""
from ..ops.losses import (Reduction, absolute_difference, add_loss, compute_weighted_loss,
                          get_losses, get_regularization_loss, get_regularization_losses,
                          get_total_loss, huber_loss, log_loss, mean_squared_error,
                          sigmoid_cross_entropy, softmax_cross_entropy,
                          sparse_softmax_cross_entropy)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
# issue 20 (i20i): the rest of TF1's tf.losses.
from ..ops.losses_tail import (cosine_distance, hinge_loss,  # noqa: E402
                               mean_pairwise_squared_error)
__all__ = _exported_names(globals())
