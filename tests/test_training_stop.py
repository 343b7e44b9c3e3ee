"""Stop counts the epochs the model finished (issue 35 item 10): the bar said "epoch 2 of 6", Stop said 3."""

import numpy as np

from lstm_viz.training import Progress


def _fit(stop_at: tuple[int, int] | None, epochs: int = 4) -> Progress:
    import keras

    progress = Progress(epochs)

    class StopHere(keras.callbacks.Callback):  # the user presses Stop during this batch of this epoch
        def on_train_batch_begin(self, batch, logs=None):
            if stop_at is not None and (self.epoch, batch) == stop_at:
                progress.stop_event.set()

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.random.default_rng(0).normal(size=(80, 3)), np.zeros((80, 1))
    model.fit(x, y, batch_size=8, epochs=epochs, verbose=0, callbacks=[StopHere(), progress.callback()])
    return progress


def test_stop_in_the_middle_of_an_epoch_counts_only_the_finished_ones():
    progress = _fit(stop_at=(2, 4))  # during the third epoch (10 batches an epoch)
    assert progress.epochs_done == 2 and len(progress.history) == 2
    assert progress.cut_epoch and progress.stopped


def test_stop_in_an_epochs_last_batch_counts_that_epoch():
    progress = _fit(stop_at=(1, 9))
    assert progress.epochs_done == 2 and not progress.cut_epoch


def test_a_fit_without_stop_counts_every_epoch():
    progress = _fit(stop_at=None)
    assert progress.epochs_done == 4 and not progress.cut_epoch
